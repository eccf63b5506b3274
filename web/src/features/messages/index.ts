export { ManualSend } from "./ManualSend";
