import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { fieldErrors } from "../../api/problem";
import { ConfirmDialog, Dialog } from "../../ui/Dialog";
import { FormError, SelectField } from "../../ui/fields";
import { lineDraft, lineFields, LinesSummary, ProductLines, toLines, type ProductLineDraft } from "../../ui/ProductLines";
import { Empty, LoadError, Loading } from "../../ui/states";
import { formatDateTime } from "../../i18n/format";
import { nextStatuses, useChangeOrderStatus, useCreateOrder, useOrders, type Order, type OrderStatus } from "./api";

type Product = Schemas["Product"];

/** Bestellungen: enter an order for the customer; mark it shipped / ready for pickup / picked up / cancelled. */
export function Orders({ customerId, products, defaultProductId }: { customerId: string; products: Product[]; defaultProductId?: string }) {
  const { t, i18n } = useTranslation();
  const orders = useOrders(customerId);
  const change = useChangeOrderStatus(customerId);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<Order | null>(null);
  const step = (order: Order, status: OrderStatus) =>
    status === "cancelled" ? setCancelling(order) : change.mutate({ id: order.id, body: { status } });
  return (
    <section className="card" aria-labelledby="orders-heading">
      <div className="page-head">
        <h2 id="orders-heading">{t("order.title")}</h2>
        <button type="button" onClick={() => setCreating(true)}>{t("order.new")}</button>
      </div>
      {orders.isPending && <Loading />}
      {orders.isError && <LoadError error={orders.error} retry={() => void orders.refetch()} />}
      {orders.data?.length === 0 && <Empty>{t("order.none")}</Empty>}
      {orders.data && orders.data.length > 0 && (
        <table className="list">
          <caption className="visually-hidden">{t("order.title")}</caption>
          <thead><tr><th scope="col">{t("order.orderedAt")}</th><th scope="col">{t("order.products")}</th>
            <th scope="col">{t("order.status")}</th><th scope="col">{t("order.actions")}</th></tr></thead>
          <tbody>
            {orders.data.map((order) => (
              <tr key={order.id}>
                <td>{formatDateTime(order.ordered_at, i18n.language)}<br /><span className="hint">
                  {t(`order.source.${order.source}`)}{order.order_id ? ` · ${order.order_id}` : ""} · {t(`delivery.${order.delivery}`)}</span></td>
                <td><LinesSummary lines={order.lines} products={products} /></td>
                <td><span className={`badge status-${order.status}`}>{t(`order.statuses.${order.status}`)}</span></td>
                <td className="actions">
                  {nextStatuses(order).map((status) => (
                    <button key={status} type="button" className={status === "cancelled" ? "danger" : undefined}
                      disabled={change.isPending} onClick={() => step(order, status)}>{t(`order.mark.${status}`)}</button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError error={change.error} />
      {creating && <OrderForm customerId={customerId} products={products} defaultProductId={defaultProductId} onDone={() => setCreating(false)} />}
      {cancelling && (
        <ConfirmDialog title={t("order.cancelTitle")} text={t("order.cancelQuestion")} confirm={t("order.mark.cancelled")}
          busy={change.isPending} onClose={() => setCancelling(null)}
          onConfirm={() => change.mutate({ id: cancelling.id, body: { status: "cancelled" } }, { onSuccess: () => setCancelling(null) })} />
      )}
    </section>
  );
}

function OrderForm({ customerId, products, defaultProductId, onDone }: {
  customerId: string; products: Product[]; defaultProductId?: string; onDone: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateOrder(customerId);
  const [lines, setLines] = useState<ProductLineDraft[]>(() => [lineDraft(products, defaultProductId)]);
  const [delivery, setDelivery] = useState<"home" | "pickup">("pickup");
  const errors = fieldErrors(create.error, ["lines", "delivery", ...lineFields(lines.length)]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ lines: toLines(lines), delivery }, { onSuccess: onDone });
  };
  return (
    <Dialog title={t("order.new")} onClose={onDone} wide>
      <form onSubmit={submit} noValidate>
        <ProductLines lines={lines} onChange={setLines} products={products} errorAt={errors.byField} />
        <FormError error={errors.byField("lines")} />
        <SelectField name="delivery" label={t("delivery.label")} value={delivery}
          onChange={(e) => setDelivery(e.target.value as "home" | "pickup")} error={errors.byField("delivery")}>
          <option value="pickup">{t("delivery.pickup")}</option>
          <option value="home">{t("delivery.home")}</option>
        </SelectField>
        <FormError error={errors.formError} />
        <div className="actions">
          <button type="button" onClick={onDone}>{t("common.cancel")}</button>
          <button type="submit" className="primary" disabled={create.isPending}>{t("order.place")}</button>
        </div>
      </form>
    </Dialog>
  );
}
