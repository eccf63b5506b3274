import { CustomersPage as Customers } from "../../features/customers";

export default function CustomersPage() {
  return <Customers />;
}
