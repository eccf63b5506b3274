import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";

export type Passport = Schemas["LensPassport"];
export type PassportInput = Schemas["LensPassportInput"];
export type Product = Schemas["Product"];
export type Eye = NonNullable<Passport["right"]>;

export const passportKeys = {
  all: ["passports"] as const,
  list: (customerId: string) => [...passportKeys.all, customerId] as const,
};
export const productKeys = { all: ["products"] as const };

export function useProducts() {
  return useQuery({
    queryKey: productKeys.all,
    queryFn: async () => unwrap(await api.GET("/products")).items ?? [],
    staleTime: 5 * 60_000,
  });
}

export function usePassports(customerId: string) {
  return useQuery({
    queryKey: passportKeys.list(customerId),
    queryFn: async () => unwrap(await api.GET("/customers/{customer_id}/lens-passports",
      { params: { path: { customer_id: customerId } } })).items ?? [],
  });
}

export function useSavePassport(customerId: string, passportId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: PassportInput) => passportId
      ? unwrap(await api.PUT("/customers/{customer_id}/lens-passports/{passport_id}",
        { params: { path: { customer_id: customerId, passport_id: passportId } }, body }))
      : unwrap(await api.POST("/customers/{customer_id}/lens-passports", { params: { path: { customer_id: customerId } }, body })),
    // Awaited: a dialog closed on success shows (and passes on) the new list, never the old one.
    onSuccess: () => Promise.all([
      client.invalidateQueries({ queryKey: passportKeys.list(customerId) }),
      client.invalidateQueries({ queryKey: ["reminders", customerId] }),
    ]),
  });
}

export function useDeletePassport(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (passportId: string) => unwrap(await api.DELETE("/customers/{customer_id}/lens-passports/{passport_id}",
      { params: { path: { customer_id: customerId, passport_id: passportId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: passportKeys.list(customerId) }),
  });
}

export function productLabel(product: Product | undefined, fallback = ""): string {
  return product ? `${product.brand ?? ""} ${product.name ?? ""}`.trim() : fallback;
}
