import { useTranslation } from "react-i18next";
import { Empty, LoadError, Loading } from "../../ui/states";
import { MessageRow } from "./MessageRow";
import { useHistory } from "./api";

/** Historie: every message to this customer, newest first. */
export function History({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const history = useHistory(customerId);
  const messages = history.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  return (
    <section className="card" aria-labelledby="history-heading">
      <div className="page-head">
        <h2 id="history-heading">{t("history.title")}</h2>
        <button type="button" onClick={() => void history.refetch()} disabled={history.isFetching}>{t("common.refresh")}</button>
      </div>
      {history.isPending && <Loading />}
      {history.isError && <LoadError error={history.error} retry={() => void history.refetch()} />}
      {history.isSuccess && messages.length === 0 && <Empty>{t("history.none")}</Empty>}
      <ul className="messages">
        {messages.map((message) => <MessageRow key={message.id} message={message} fixHref={`/customers/${customerId}/stammdaten`} />)}
      </ul>
      {history.hasNextPage && (
        <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>{t("common.more")}</button>
      )}
    </section>
  );
}
