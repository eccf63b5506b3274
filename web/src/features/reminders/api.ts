import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type RepurchaseReminder = Schemas["RepurchaseReminder"];
export type RepurchasePurchase = Schemas["RepurchasePurchase"];
export type RepurchaseInput = Schemas["RepurchaseReminderInput"];
export type ControlReminder = Schemas["ControlReminder"];
export type LensExchangeReminder = Schemas["LensExchangeReminder"];
export type PurchaseLine = Schemas["PurchaseLine"];
// Optional in the body (the API defaults it to daily), always one of these when given.
export type Usage = NonNullable<RepurchasePurchase["usage"]>;

// Everything a reminder's due date depends on is under ["reminders", customerId].
export const reminderKeys = {
  customer: (customerId: string) => ["reminders", customerId] as const,
  repurchase: (customerId: string) => [...reminderKeys.customer(customerId), "repurchase"] as const,
  suggestion: (customerId: string, body: RepurchasePurchase) =>
    [...reminderKeys.customer(customerId), "suggestion", body] as const,
  control: (customerId: string) => [...reminderKeys.customer(customerId), "control"] as const,
  lensExchange: (customerId: string) => [...reminderKeys.customer(customerId), "lens-exchange"] as const,
};

const path = (customerId: string) => ({ params: { path: { customer_id: customerId } } });

/** The API's suggestion for a purchase (SPEC §2); asked again whenever the purchase changes. */
export function useSuggestion(customerId: string, body: RepurchasePurchase | null) {
  return useQuery({
    queryKey: reminderKeys.suggestion(customerId, body as RepurchasePurchase),
    queryFn: async ({ signal }) => unwrap(await api.POST("/customers/{customer_id}/repurchase-reminders/suggestion",
      { ...path(customerId), body: body as RepurchasePurchase, signal })),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
}

export function useRepurchaseReminders(customerId: string) {
  return useQuery({
    queryKey: reminderKeys.repurchase(customerId),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/repurchase-reminders", path(customerId))).items,
  });
}

export function useCreateRepurchase(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: RepurchaseInput) =>
      unwrap(await api.POST("/customers/{customer_id}/repurchase-reminders", { ...path(customerId), body })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.customer(customerId) }),
  });
}

export function usePatchRepurchase(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: Schemas["RepurchaseReminderPatch"] }) =>
      unwrap(await api.PATCH("/customers/{customer_id}/repurchase-reminders/{reminder_id}",
        { params: { path: { customer_id: customerId, reminder_id: id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.customer(customerId) }),
  });
}

export function useDeleteRepurchase(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE("/customers/{customer_id}/repurchase-reminders/{reminder_id}",
      { params: { path: { customer_id: customerId, reminder_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.customer(customerId) }),
  });
}

export function useControlReminders(customerId: string) {
  return useQuery({
    queryKey: reminderKeys.control(customerId),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/control-reminders", path(customerId))).items,
  });
}

export function useSaveControl(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, create, patch }: { id?: string; create?: Schemas["ControlReminderInput"];
      patch?: Schemas["ControlReminderPatch"] }) => id
      ? unwrap(await api.PATCH("/customers/{customer_id}/control-reminders/{reminder_id}",
        { params: { path: { customer_id: customerId, reminder_id: id } }, body: patch ?? {} }))
      : unwrap(await api.POST("/customers/{customer_id}/control-reminders",
        { ...path(customerId), body: create as Schemas["ControlReminderInput"] })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.control(customerId) }),
  });
}

export function useDeleteControl(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE("/customers/{customer_id}/control-reminders/{reminder_id}",
      { params: { path: { customer_id: customerId, reminder_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.control(customerId) }),
  });
}

export function useLensExchangeReminders(customerId: string) {
  return useQuery({
    queryKey: reminderKeys.lensExchange(customerId),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/lens-exchange-reminders", path(customerId))).items,
  });
}

export function useSaveLensExchange(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, create, patch }: { id?: string; create?: Schemas["LensExchangeReminderInput"];
      patch?: Schemas["LensExchangeReminderPatch"] }) => id
      ? unwrap(await api.PATCH("/customers/{customer_id}/lens-exchange-reminders/{reminder_id}",
        { params: { path: { customer_id: customerId, reminder_id: id } }, body: patch ?? {} }))
      : unwrap(await api.POST("/customers/{customer_id}/lens-exchange-reminders",
        { ...path(customerId), body: create as Schemas["LensExchangeReminderInput"] })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.lensExchange(customerId) }),
  });
}

export function useDeleteLensExchange(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE("/customers/{customer_id}/lens-exchange-reminders/{reminder_id}",
      { params: { path: { customer_id: customerId, reminder_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderKeys.lensExchange(customerId) }),
  });
}
