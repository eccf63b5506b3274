import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Order = Schemas["Order"];
export type OrderStatus = Schemas["OrderStatusChange"]["status"];
export const orderKeys = { list: (customerId: string) => ["orders", customerId] as const };

export function useOrders(customerId: string) {
  return useQuery({
    queryKey: orderKeys.list(customerId),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/orders",
      { params: { path: { customer_id: customerId } } })).items,
  });
}

function useInvalidateAfterOrder(customerId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: orderKeys.list(customerId) });
    // An order sends a confirmation and (re)computes the repurchase reminder.
    void client.invalidateQueries({ queryKey: ["messages", customerId] });
    void client.invalidateQueries({ queryKey: ["reminders", customerId] });
  };
}

export function useCreateOrder(customerId: string) {
  return useMutation({
    mutationFn: async (body: Schemas["OrderInput"]) => unwrap(await api.POST("/customers/{customer_id}/orders",
      { params: { path: { customer_id: customerId } }, body })),
    onSuccess: useInvalidateAfterOrder(customerId),
  });
}

export function useChangeOrderStatus(customerId: string) {
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: Schemas["OrderStatusChange"] }) =>
      unwrap(await api.PATCH("/customers/{customer_id}/orders/{order_id}",
        { params: { path: { customer_id: customerId, order_id: id } }, body })),
    onSuccess: useInvalidateAfterOrder(customerId),
  });
}

/** Which buttons an order shows (the API decides; a refused step shows its 409 message). */
export function nextStatuses(order: Order): OrderStatus[] {
  switch (order.status) {
    case "placed": return order.delivery === "home" ? ["shipped", "cancelled"] : ["ready_for_pickup", "picked_up", "cancelled"];
    case "ready_for_pickup": return ["picked_up", "cancelled"];
    default: return [];
  }
}
