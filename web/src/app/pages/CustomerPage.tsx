import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { displayName, Stammdaten, useCustomer } from "../../features/customers";
import { History } from "../../features/history";
import { ManualSend } from "../../features/messages";
import { Orders } from "../../features/orders";
import { Passports, usePassports, useProducts } from "../../features/passports";
import { ControlReminders, LensExchangeReminders, Repurchase } from "../../features/reminders";
import { Subscriptions } from "../../features/subscriptions";
import { LoadError, Loading } from "../../ui/states";

const TABS = ["stammdaten", "kundenbindung", "historie"] as const;

/** The customer card (Karteikarte): Stammdaten, Kundenbindung, Historie — assembled from the features. */
export default function CustomerPage() {
  const { t } = useTranslation();
  const { customerId = "", tab } = useParams();
  const current = TABS.includes(tab as (typeof TABS)[number]) ? (tab as (typeof TABS)[number]) : "stammdaten";
  const customer = useCustomer(customerId);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, [customerId]);

  if (customer.isPending) return <Loading />;
  if (customer.isError) {
    return (
      <section>
        <p><Link to="/customers">{t("customers.back")}</Link></p>
        <LoadError error={customer.error} retry={() => void customer.refetch()} />
      </section>
    );
  }
  const data = customer.data;
  return (
    <section>
      <p className="crumbs"><Link to="/customers">{t("nav.customers")}</Link></p>
      <h1 ref={heading} tabIndex={-1}>{displayName(data)}</h1>
      <p className="hint">{[data.mobile, data.email].filter(Boolean).join(" · ")}</p>
      <nav className="tabs" aria-label={t("customer.card")}>
        {TABS.map((name) => (
          <Link key={name} to={`/customers/${customerId}/${name}`} className={name === current ? "active" : undefined}
            aria-current={name === current ? "page" : undefined}>{t(`customer.tabs.${name}`)}</Link>
        ))}
      </nav>
      {current === "stammdaten" && <Stammdaten customer={data} />}
      {current === "kundenbindung" && <Retention customerId={customerId} />}
      {current === "historie" && (
        <div className="stack">
          <ManualSend customerId={customerId} />
          <History customerId={customerId} />
        </div>
      )}
    </section>
  );
}

function Retention({ customerId }: { customerId: string }) {
  const passports = usePassports(customerId);
  const products = useProducts();
  if (passports.isPending || products.isPending) return <Loading />;
  if (passports.isError) return <LoadError error={passports.error} retry={() => void passports.refetch()} />;
  if (products.isError) return <LoadError error={products.error} retry={() => void products.refetch()} />;
  const firstProduct = passports.data[0]?.right?.product_id ?? passports.data[0]?.left?.product_id;
  return (
    <div className="stack">
      <Passports customerId={customerId} />
      <Repurchase customerId={customerId} passports={passports.data} products={products.data} />
      <ControlReminders customerId={customerId} />
      <LensExchangeReminders customerId={customerId} />
      <Subscriptions customerId={customerId} products={products.data} />
      <Orders customerId={customerId} products={products.data} defaultProductId={firstProduct} />
    </div>
  );
}
