import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Empty, LoadError, Loading } from "../../ui/states";
import { formatDate } from "../../i18n/format";

const DAYS = 14;
export const agendaKeys = { days: (days: number) => ["agenda", days] as const };

/** What goes out in the next 14 days (SPEC §10), and what would be held back and why. */
export function Agenda() {
  const { t, i18n } = useTranslation();
  const agenda = useInfiniteQuery({
    queryKey: agendaKeys.days(DAYS),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET("/agenda", { params: { query: { days: DAYS, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const entries = agenda.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t("agenda.title", { count: DAYS })}</h2>
      {agenda.isPending && <Loading />}
      {agenda.isError && <LoadError error={agenda.error} retry={() => void agenda.refetch()} />}
      {agenda.isSuccess && entries.length === 0 && <Empty>{t("agenda.none")}</Empty>}
      {entries.length > 0 && (
        <table className="list">
          <caption className="visually-hidden">{t("agenda.title", { count: DAYS })}</caption>
          <thead>
            <tr><th scope="col">{t("agenda.date")}</th><th scope="col">{t("agenda.kind")}</th>
              <th scope="col">{t("agenda.customer")}</th><th scope="col">{t("agenda.channel")}</th></tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={`${entry.customer_id}-${entry.kind}-${entry.due_at}`}>
                <td>{formatDate(entry.date, i18n.language)}</td>
                <td>{t(`agenda.kinds.${entry.kind}`)}</td>
                <td><Link to={`/customers/${entry.customer_id}/kundenbindung`}>{entry.customer_name}</Link></td>
                <td>
                  {entry.channel ? t(`channels.${entry.channel}`) : "–"}
                  {entry.held && entry.held_reason && <span className="hint">{t(`agenda.held.${entry.held_reason}`)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {agenda.hasNextPage && (
        <button type="button" onClick={() => void agenda.fetchNextPage()} disabled={agenda.isFetchingNextPage}>{t("common.more")}</button>
      )}
    </section>
  );
}
