import { Dashboard } from "../../features/dashboard";

export default function DashboardPage() {
  return <Dashboard />;
}
