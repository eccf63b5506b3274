import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Subscription = Schemas["Subscription"];
export const subscriptionKeys = { list: (customerId: string) => ["subscriptions", customerId] as const };

export function useSubscriptions(customerId: string) {
  return useQuery({
    queryKey: subscriptionKeys.list(customerId),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/subscriptions",
      { params: { path: { customer_id: customerId } } })).items,
  });
}

export function useSaveSubscription(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, create, patch }: { id?: string; create?: Schemas["SubscriptionInput"]; patch?: Schemas["SubscriptionPatch"] }) => id
      ? unwrap(await api.PATCH("/customers/{customer_id}/subscriptions/{subscription_id}",
        { params: { path: { customer_id: customerId, subscription_id: id } }, body: patch ?? {} }))
      : unwrap(await api.POST("/customers/{customer_id}/subscriptions",
        { params: { path: { customer_id: customerId } }, body: create as Schemas["SubscriptionInput"] })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: subscriptionKeys.list(customerId) });
      // A confirmation goes out at once, and an active subscription pauses the repurchase reminder.
      void client.invalidateQueries({ queryKey: ["messages", customerId] });
      void client.invalidateQueries({ queryKey: ["reminders", customerId] });
    },
  });
}
