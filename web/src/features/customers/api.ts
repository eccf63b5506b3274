import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Customer = Schemas["Customer"];
export type CustomerInput = Schemas["CustomerInput"];
export type Preferences = Schemas["Preferences"];
export type PreferencesInput = Schemas["PreferencesInput"];
export const PAGE_SIZE = 25;

export const customerKeys = {
  all: ["customers"] as const,
  list: (q: string) => [...customerKeys.all, "list", { q }] as const,
  detail: (id: string) => [...customerKeys.all, "detail", id] as const,
  preferences: (id: string) => [...customerKeys.all, "preferences", id] as const,
};

export function useCustomerList(q: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(q),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await api.GET("/customers", {
        params: { query: { q: q || undefined, limit: PAGE_SIZE, cursor: pageParam } }, signal,
      })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}", { params: { path: { customer_id: id } } })),
  });
}

export function useCreateCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CustomerInput) => unwrap(await api.POST("/customers", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useUpdateCustomer(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas["CustomerPatch"]) =>
      unwrap(await api.PATCH("/customers/{customer_id}", { params: { path: { customer_id: id } }, body })),
    onSuccess: (customer) => {
      client.setQueryData(customerKeys.detail(id), customer);
      void client.invalidateQueries({ queryKey: customerKeys.all });
      // The channel a message would take may change with the contact data.
      void client.invalidateQueries({ queryKey: ["preview"] });
    },
  });
}

export function useDeleteCustomer(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.DELETE("/customers/{customer_id}", { params: { path: { customer_id: id } } })),
    onSuccess: () => {
      client.removeQueries({ queryKey: customerKeys.detail(id) });
      void client.invalidateQueries({ queryKey: customerKeys.all });
    },
  });
}

export function usePreferences(id: string) {
  return useQuery({
    queryKey: customerKeys.preferences(id),
    queryFn: async () =>
      unwrap(await api.GET("/customers/{customer_id}/preferences", { params: { path: { customer_id: id } } })),
  });
}

export function useUpdatePreferences(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: PreferencesInput) =>
      unwrap(await api.PUT("/customers/{customer_id}/preferences", { params: { path: { customer_id: id } }, body })),
    onSuccess: (preferences) => {
      client.setQueryData(customerKeys.preferences(id), preferences);
      void client.invalidateQueries({ queryKey: customerKeys.detail(id) });
    },
  });
}

export function displayName(customer: Pick<Customer, "first_name" | "last_name">): string {
  return [customer.first_name, customer.last_name].filter(Boolean).join(" ");
}
