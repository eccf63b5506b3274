export { Agenda } from "./Agenda";
