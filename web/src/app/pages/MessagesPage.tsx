import { MessageLog } from "../../features/history";

export default function MessagesPage() {
  return <MessageLog />;
}
