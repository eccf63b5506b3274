export { Subscriptions } from "./Subscriptions";
