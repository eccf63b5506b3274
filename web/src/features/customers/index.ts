export { CustomersPage } from "./CustomersPage";
export { Stammdaten } from "./Stammdaten";
export { useCustomer, displayName, customerKeys, type Customer } from "./api";
