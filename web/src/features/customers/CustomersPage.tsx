import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Dialog } from "../../ui/Dialog";
import { Empty, LoadError, Loading } from "../../ui/states";
import { CustomerForm } from "./CustomerForm";
import { displayName, useCreateCustomer, useCustomerList } from "./api";

/** Kundenkartei: search as you type (the term lives in the URL), pages of 25, "Neuer Kunde". */
export function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [input, setInput] = useState(q);
  const [creating, setCreating] = useState(false);
  const list = useCustomerList(q);
  const create = useCreateCustomer();

  // A short pause after the last keystroke before asking the API (not one request per key).
  useEffect(() => {
    const timer = setTimeout(() => {
      if (input.trim() !== q) setParams(input.trim() ? { q: input.trim() } : {}, { replace: true });
    }, 150);
    return () => clearTimeout(timer);
  }, [input, q, setParams]);

  const customers = list.data?.pages.flatMap((page) => page.items ?? []) ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>{t("customers.title")}</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>{t("customers.new")}</button>
      </div>
      <div className="search">
        <label htmlFor="customer-search">{t("customers.search")}</label>
        <input id="customer-search" type="search" value={input} onChange={(e) => setInput(e.target.value)}
          placeholder={t("customers.searchPlaceholder")} autoComplete="off" />
      </div>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {list.isSuccess && customers.length === 0 && <Empty>{q ? t("customers.noneFound", { q }) : t("customers.none")}</Empty>}
      {customers.length > 0 && (
        <table className="list" aria-busy={list.isFetching}>
          <caption className="visually-hidden">{t("customers.title")}</caption>
          <thead>
            <tr><th scope="col">{t("customer.name")}</th><th scope="col">{t("customer.mobile")}</th>
              <th scope="col">{t("customer.email")}</th><th scope="col">{t("customer.language")}</th></tr>
          </thead>
          <tbody>
            {customers.map((customer) => (
              <tr key={customer.id}>
                <td><Link to={`/customers/${customer.id}`}>{displayName(customer)}</Link></td>
                <td>{customer.mobile ?? "–"}</td>
                <td>{customer.email ?? "–"}</td>
                <td>{customer.language ? t(`languages.${customer.language}`) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? t("common.loading") : t("customers.more")}
        </button>
      )}
      {creating && (
        <Dialog title={t("customers.new")} onClose={() => { setCreating(false); create.reset(); }} wide>
          <CustomerForm busy={create.isPending} error={create.error} submitLabel={t("common.save")}
            onCancel={() => { setCreating(false); create.reset(); }}
            onSubmit={(body) => create.mutate(body, { onSuccess: (customer) => navigate(`/customers/${customer.id}`) })} />
        </Dialog>
      )}
    </section>
  );
}
