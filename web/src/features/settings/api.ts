import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Settings = Schemas["Settings"];
export type SettingsInput = Schemas["SettingsInput"];
export const settingsKeys = { all: ["settings"] as const };

export function useSettings() {
  return useQuery({ queryKey: settingsKeys.all, queryFn: async () => unwrap(await api.GET("/settings")) });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: SettingsInput) => unwrap(await api.PUT("/settings", { body })),
    onSuccess: (settings) => {
      client.setQueryData(settingsKeys.all, settings);
      // A new email_from means a new SES identity with other DNS records.
      void client.invalidateQueries({ queryKey: emailSenderKeys.all });
      void client.invalidateQueries({ queryKey: ["preview"] });
    },
  });
}

export function useRotateWebhookSecret() {
  return useMutation({ mutationFn: async () => unwrap(await api.POST("/settings/webhook-secret")) });
}

export type EmailSender = Schemas["EmailSender"];
export const emailSenderKeys = { all: ["settings", "email-sender"] as const };

/** The SES identity of the `email_from` domain; 404 (no `email_from`) is an answer, not a retry. */
export function useEmailSender() {
  return useQuery({
    queryKey: emailSenderKeys.all,
    queryFn: async () => unwrap(await api.GET("/settings/email-sender")),
    retry: false,
  });
}

export function useCheckEmailSender() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST("/settings/email-sender")),
    onSuccess: (sender) => client.setQueryData(emailSenderKeys.all, sender),
  });
}
