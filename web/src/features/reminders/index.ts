export { Repurchase } from "./Repurchase";
export { ControlReminders, LensExchangeReminders } from "./ScheduledReminders";
