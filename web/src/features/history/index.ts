export { History } from "./History";
export { MessageRow, MessageStatus, ReasonText } from "./MessageRow";
export { MessageLog } from "./MessageLog";
