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
      void client.invalidateQueries({ queryKey: ["preview"] });
    },
  });
}

export function useRotateWebhookSecret() {
  return useMutation({ mutationFn: async () => unwrap(await api.POST("/settings/webhook-secret")) });
}
