export { QuickLinks, Usage } from "./Dashboard";
