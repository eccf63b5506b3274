export { Orders } from "./Orders";
