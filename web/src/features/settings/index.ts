export { SettingsPage } from "./SettingsPage";
export { EmailSenderWarning } from "./EmailSender";
