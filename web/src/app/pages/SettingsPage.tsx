import { SettingsPage as Settings } from "../../features/settings";

export default function SettingsPage() {
  return <Settings />;
}
