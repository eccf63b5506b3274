export { SignInPage, CallbackPage } from "./SignInPage";
