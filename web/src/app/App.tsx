import { lazy, Suspense, useSyncExternalStore, type ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from "react-router";
import { getSession, onSessionChange } from "../auth/session";
import { Loading } from "../ui/states";
import { makeQueryClient } from "./queryClient";
import { Shell } from "./Shell";
import { SignInPage, CallbackPage } from "../features/sign-in";

const DashboardPage = lazy(() => import("./pages/DashboardPage"));
const CustomersPage = lazy(() => import("./pages/CustomersPage"));
const CustomerPage = lazy(() => import("./pages/CustomerPage"));
const SettingsPage = lazy(() => import("./pages/SettingsPage"));
const MessagesPage = lazy(() => import("./pages/MessagesPage"));

const queryClient = makeQueryClient();

function useSignedIn(): boolean {
  return useSyncExternalStore(onSessionChange, () => getSession() !== null);
}

function RequireSession({ children }: { children: ReactNode }) {
  const signedIn = useSignedIn();
  const location = useLocation();
  if (!signedIn) {
    queryClient.clear();
    return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

const page = (element: ReactNode) => <Suspense fallback={<Loading />}>{element}</Suspense>;

const router = createBrowserRouter(
  [
    { path: "/signin", element: <SignInPage /> },
    { path: "/callback", element: <CallbackPage /> },
    {
      path: "/",
      element: <RequireSession><Shell /></RequireSession>,
      children: [
        { index: true, element: page(<DashboardPage />) },
        { path: "customers", element: page(<CustomersPage />) },
        { path: "customers/:customerId/:tab?", element: page(<CustomerPage />) },
        { path: "messages", element: page(<MessagesPage />) },
        { path: "settings", element: page(<SettingsPage />) },
        { path: "*", element: <Navigate to="/" replace /> },
      ],
    },
  ],
  { basename: "/app" },
);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
