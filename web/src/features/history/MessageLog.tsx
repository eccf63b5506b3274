import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { SelectField, TextField } from "../../ui/fields";
import { Empty, LoadError, Loading } from "../../ui/states";
import { MessageRow } from "./MessageRow";
import { useMessageLog, type Message, type MessageFilters } from "./api";

const STATUSES = ["pending", "sent", "delivered", "failed", "skipped"] as const;
const CHANNELS = ["sms", "email"] as const;
const KINDS = ["repurchase_reminder", "control_reminder", "lens_exchange_reminder", "repurchase_control_reminder",
  "subscription_confirmation", "subscription_preannouncement", "subscription_changed", "subscription_cancelled",
  "order_confirmation", "shipping_confirmation", "pickup_invitation", "lens_passport", "webshop_login", "webapp_install"] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

/** The filters live in the URL (?status=failed&kind=…&channel=…&from=…&to=…): a link or reload shows the same list. */
function filtersOf(params: URLSearchParams): MessageFilters {
  const date = (name: string) => { const value = params.get(name); return value && DATE.test(value) ? value : undefined; };
  const filters: MessageFilters = { status: pick(params.get("status"), STATUSES) as Message["status"],
    kind: pick(params.get("kind"), KINDS) as Message["kind"], channel: pick(params.get("channel"), CHANNELS),
    from: date("from"), to: date("to") };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as MessageFilters;
}

/** Nachrichten: every customer's messages, newest first, filtered; each row leads to the customer. */
export function MessageLog() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const log = useMessageLog(filters);
  const messages = log.data?.pages.flatMap((page) => page.messages) ?? [];
  const set = (name: keyof MessageFilters) => (event: { target: { value: string } }) => {
    const next = new URLSearchParams(params);
    if (event.target.value) next.set(name, event.target.value); else next.delete(name);
    setParams(next, { replace: true });
  };
  return (
    <section>
      <div className="page-head">
        <h1>{t("messageLog.title")}</h1>
        <button type="button" onClick={() => void log.refetch()} disabled={log.isFetching}>{t("common.refresh")}</button>
      </div>
      <div className="actions left">
        <button type="button" aria-pressed={!filters.status} onClick={() => set("status")({ target: { value: "" } })}>
          {t("messageLog.all")}</button>
        <button type="button" aria-pressed={filters.status === "failed"} onClick={() => set("status")({ target: { value: "failed" } })}>
          {t("messageLog.failedOnly")}</button>
      </div>
      <form className="row" role="search" aria-label={t("messageLog.filters")} onSubmit={(event) => event.preventDefault()}>
        <SelectField name="status" label={t("messageLog.status")} value={filters.status ?? ""} onChange={set("status")}>
          <option value="">{t("messageLog.any")}</option>
          {STATUSES.map((status) => <option key={status} value={status}>{t(`history.status.${status}`)}</option>)}
        </SelectField>
        <SelectField name="kind" label={t("messageLog.kind")} value={filters.kind ?? ""} onChange={set("kind")}>
          <option value="">{t("messageLog.any")}</option>
          {KINDS.map((kind) => <option key={kind} value={kind}>{t(`kinds.${kind}`)}</option>)}
        </SelectField>
        <SelectField name="channel" label={t("messageLog.channel")} value={filters.channel ?? ""} onChange={set("channel")}>
          <option value="">{t("messageLog.any")}</option>
          {CHANNELS.map((channel) => <option key={channel} value={channel}>{t(`channels.${channel}`)}</option>)}
        </SelectField>
        <TextField name="from" type="date" label={t("messageLog.from")} value={filters.from ?? ""} onChange={set("from")} />
        <TextField name="to" type="date" label={t("messageLog.to")} value={filters.to ?? ""} onChange={set("to")} />
      </form>
      {log.isPending && <Loading />}
      {log.isError && <LoadError error={log.error} retry={() => void log.refetch()} />}
      {log.isSuccess && messages.length === 0 && <Empty>{t("messageLog.none")}</Empty>}
      <ul className="messages card">
        {messages.map((message) => message.customer_id && (
          <MessageRow key={message.id} message={message} customerName={message.customer_name ?? t("messageLog.customer")}
            customerHref={`/customers/${message.customer_id}/historie`} fixHref={`/customers/${message.customer_id}/stammdaten`} />
        ))}
      </ul>
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>{t("common.more")}</button>
      )}
    </section>
  );
}
