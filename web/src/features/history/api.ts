import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Message = Schemas["Message"];
export const historyKeys = { customer: (customerId: string) => ["messages", customerId] as const };

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
