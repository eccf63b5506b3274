export { Conversion } from "./Conversion";
