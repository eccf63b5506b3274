import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Message = Schemas["Message"];
export type MessageFilters = { status?: Message["status"]; kind?: Message["kind"]; channel?: "sms" | "email"; from?: string; to?: string };
export const historyKeys = {
  customer: (customerId: string) => ["messages", customerId] as const,
  all: (filters: MessageFilters) => ["messages", "all", filters] as const,
};

/** A customer's messages, newest first, 20 per page. */
export function useHistory(customerId: string) {
  return useInfiniteQuery({
    queryKey: historyKeys.customer(customerId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET("/customers/{customer_id}/messages",
      { params: { path: { customer_id: customerId }, query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** Every customer's messages, newest first, 25 per page, filtered by the API. */
export function useMessageLog(filters: MessageFilters) {
  return useInfiniteQuery({
    queryKey: historyKeys.all(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET("/messages",
      { params: { query: { ...filters, limit: 25, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}
