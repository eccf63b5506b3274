import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { fieldErrors } from "../../api/problem";
import { CheckboxField, FormError, SelectField, TextField } from "../../ui/fields";
import { Loading } from "../../ui/states";
import { formatDate, todayInZurich } from "../../i18n/format";
import { useCreateRepurchase, useSuggestion, type PurchaseLine, type RepurchasePurchase, type Usage } from "./api";

type Passport = Schemas["LensPassport"];
type Product = Schemas["Product"];
const USAGES: Usage[] = ["daily", "5_per_week", "3_4_per_week", "1_2_per_week"];

interface LineDraft { eye: PurchaseLine["eye"]; pack_size: string; quantity: string }

function productFor(passport: Passport | undefined, eye: PurchaseLine["eye"], products: Product[]) {
  const id = eye === "left" ? passport?.left?.product_id : passport?.right?.product_id ?? passport?.left?.product_id;
  return products.find((p) => p.id === id);
}

function defaultLines(passport: Passport | undefined, products: Product[]): LineDraft[] {
  if (!passport) return [];
  const right = passport.right?.product_id;
  const left = passport.left?.product_id;
  const packOf = (eye: PurchaseLine["eye"]) => String(productFor(passport, eye, products)?.pack_sizes?.at(-1) ?? "");
  if (right && left && right === left) return [{ eye: "both", pack_size: packOf("both"), quantity: "2" }];
  return (["right", "left"] as const).filter((eye) => passport[eye]?.product_id)
    .map((eye) => ({ eye, pack_size: packOf(eye), quantity: "1" }));
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * "Nachkauf-Erinnerung einrichten" (seed steps 4–8): Linsenpass → pack size and quantity → the API's
 * suggestion (live, can be changed) → "weiter" → review → "speichern".
 */
export function RepurchaseWizard({ customerId, passports, products, onDone }: {
  customerId: string; passports: Passport[]; products: Product[]; onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [passportId, setPassportId] = useState(passports[0]?.id ?? "");
  const passport = passports.find((p) => p.id === passportId);
  const [lines, setLines] = useState<LineDraft[]>(() => defaultLines(passports[0], products));
  const [purchasedOn, setPurchasedOn] = useState(todayInZurich());
  const [usage, setUsage] = useState<Usage>("daily");
  const [noStock, setNoStock] = useState(false);
  const [firstOverride, setFirstOverride] = useState<string | null>(null);
  const [cycleOverride, setCycleOverride] = useState<string | null>(null);
  const [step, setStep] = useState<"enter" | "review">("enter");
  const create = useCreateRepurchase(customerId);

  const daily = lines.some((line) => productFor(passport, line.eye, products)?.replacement === "daily");
  const purchase: RepurchasePurchase | null = !passportId || lines.length === 0 ? null : {
    passport_id: passportId, purchased_on: purchasedOn || undefined, usage: daily ? usage : "daily", no_stock: noStock,
    lines: lines.map((line) => ({ eye: line.eye, pack_size: Number(line.pack_size), quantity: Number(line.quantity) })),
  };
  // Asked again a moment after the last keystroke (compared as text: a new object each render).
  const asked = useDebounced(purchase ? JSON.stringify(purchase) : null, 250);
  const suggestion = useSuggestion(customerId, asked ? (JSON.parse(asked) as RepurchasePurchase) : null);
  const firstOn = firstOverride ?? suggestion.data?.first_reminder_on ?? "";
  const cycleDays = cycleOverride ?? (suggestion.data ? String(suggestion.data.cycle_days) : "");
  const overridden = firstOverride !== null || cycleOverride !== null;

  const lineFields = lines.flatMap((_, i) => [`lines[${i}]`, `lines[${i}].eye`, `lines[${i}].pack_size`, `lines[${i}].quantity`]);
  const known = ["passport_id", "lines", "purchased_on", "usage", "no_stock", "first_reminder_on", "cycle_days", ...lineFields];
  const suggestionErrors = fieldErrors(suggestion.error, known);
  const saveErrors = fieldErrors(create.error, known);
  const errorAt = (field: string) => saveErrors.byField(field) ?? suggestionErrors.byField(field);

  const choosePassport = (id: string) => {
    setPassportId(id);
    setLines(defaultLines(passports.find((p) => p.id === id), products));
  };
  const setLine = (index: number, change: Partial<LineDraft>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...change } : line)));
  const eyes = (["right", "left"] as const).filter((eye) => passport?.[eye]?.product_id);
  const eyeChoices: PurchaseLine["eye"][] = eyes.length === 2 ? ["both", "right", "left"] : eyes;

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (suggestion.data && !suggestion.isError) setStep("review");
  };
  const save = () => {
    if (!purchase) return;
    create.mutate({
      ...purchase,
      ...(firstOverride !== null ? { first_reminder_on: firstOverride } : {}),
      ...(cycleOverride !== null ? { cycle_days: Number(cycleOverride) } : {}),
    }, {
      onSuccess: onDone,
      onError: (error) => { if (fieldErrors(error, known).problem?.field) setStep("enter"); },
    });
  };

  if (passports.length === 0) return <p className="empty">{t("repurchase.needsPassport")}</p>;

  if (step === "review") {
    return (
      <div>
        <h3>{t("repurchase.review")}</h3>
        <dl className="pairs">
          <dt>{t("repurchase.passport")}</dt><dd>{formatDate(passport?.issued_on, i18n.language)}</dd>
          <dt>{t("repurchase.lines")}</dt>
          <dd>{lines.map((line, i) => (
            <div key={i}>{t("repurchase.lineSummary", { quantity: line.quantity, pack: line.pack_size,
              eye: t(`eyes.${line.eye}`), product: productFor(passport, line.eye, products)?.name ?? "" })}</div>
          ))}</dd>
          <dt>{t("repurchase.purchasedOn")}</dt><dd>{formatDate(purchasedOn, i18n.language)}</dd>
          {daily && <><dt>{t("repurchase.usage")}</dt><dd>{t(`usage.${usage}`)}</dd></>}
          <dt>{t("repurchase.noStock")}</dt><dd>{noStock ? t("common.yes") : t("common.no")}</dd>
          <dt>{t("repurchase.runsOutOn")}</dt><dd>{formatDate(suggestion.data?.runs_out_on, i18n.language)}</dd>
          <dt>{t("repurchase.firstReminder")}</dt><dd>{formatDate(firstOn, i18n.language)}</dd>
          <dt>{t("repurchase.cycle")}</dt><dd>{t("repurchase.everyDays", { count: Number(cycleDays) })}</dd>
        </dl>
        <FormError error={saveErrors.formError} />
        <div className="actions">
          <button type="button" onClick={() => setStep("enter")}>{t("common.back")}</button>
          <button type="button" className="primary" onClick={save} disabled={create.isPending}>{t("repurchase.save")}</button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={next} noValidate>
      <fieldset>
        <legend>{t("repurchase.choosePassport")}</legend>
        {passports.map((p) => (
          <label key={p.id} className="radio">
            <input type="radio" name="passport_id" value={p.id} checked={p.id === passportId} onChange={() => choosePassport(p.id ?? "")} />
            <span>{t("repurchase.passportOption", { date: formatDate(p.issued_on, i18n.language),
              right: productFor(p, "right", products)?.name ?? "–", left: p.left?.product_id ? productFor(p, "left", products)?.name ?? "–" : "–" })}</span>
          </label>
        ))}
        <FormError error={errorAt("passport_id")} />
      </fieldset>
      <fieldset>
        <legend>{t("repurchase.packs")}</legend>
        {lines.map((line, index) => {
          const product = productFor(passport, line.eye, products);
          return (
            <div className="row line" key={index}>
              <SelectField name={`lines[${index}].eye`} label={t("repurchase.eye")} value={line.eye}
                onChange={(e) => setLine(index, { eye: e.target.value as PurchaseLine["eye"] })} error={errorAt(`lines[${index}].eye`)}>
                {eyeChoices.map((eye) => <option key={eye} value={eye}>{t(`eyes.${eye}`)}</option>)}
              </SelectField>
              <SelectField name={`lines[${index}].pack_size`} label={t("repurchase.packSize")} value={line.pack_size}
                onChange={(e) => setLine(index, { pack_size: e.target.value })} error={errorAt(`lines[${index}].pack_size`)}>
                {(product?.pack_sizes ?? []).map((size) => (
                  <option key={size} value={String(size)}>{t("repurchase.lensesPerPack", { count: size })}</option>
                ))}
              </SelectField>
              <TextField name={`lines[${index}].quantity`} label={t("repurchase.quantity")} type="number" min={1} max={99}
                value={line.quantity} onChange={(e) => setLine(index, { quantity: e.target.value })}
                error={errorAt(`lines[${index}].quantity`) ?? errorAt(`lines[${index}]`)} />
              {lines.length > 1 && (
                <button type="button" className="link" onClick={() => setLines(lines.filter((_, i) => i !== index))}>
                  {t("repurchase.removeLine")}
                </button>
              )}
            </div>
          );
        })}
        {lines.length < 2 && eyes.length > 0 && (
          <button type="button" className="link" onClick={() => setLines([...lines, { eye: eyes[eyes.length - 1],
            pack_size: String(productFor(passport, eyes[eyes.length - 1], products)?.pack_sizes?.at(-1) ?? ""), quantity: "1" }])}>
            {t("repurchase.addLine")}
          </button>
        )}
        <FormError error={errorAt("lines")} />
        <div className="row">
          <TextField name="purchased_on" type="date" label={t("repurchase.purchasedOn")} value={purchasedOn}
            onChange={(e) => setPurchasedOn(e.target.value)} error={errorAt("purchased_on")} />
          {daily && (
            <SelectField name="usage" label={t("repurchase.usage")} value={usage}
              onChange={(e) => setUsage(e.target.value as Usage)} error={errorAt("usage")}>
              {USAGES.map((u) => <option key={u} value={u}>{t(`usage.${u}`)}</option>)}
            </SelectField>
          )}
        </div>
        <CheckboxField label={t("repurchase.noStock")} checked={noStock} onChange={(e) => setNoStock(e.target.checked)} />
      </fieldset>
      <fieldset aria-live="polite" aria-busy={suggestion.isFetching}>
        <legend>{t("repurchase.suggestion")}</legend>
        {suggestion.isPending && purchase && <Loading label={t("repurchase.calculating")} />}
        {suggestion.data && (
          <p className="suggestion">
            {t("repurchase.suggestionText", {
              supply: suggestion.data.supply_days, runsOut: formatDate(suggestion.data.runs_out_on, i18n.language),
              first: formatDate(suggestion.data.first_reminder_on, i18n.language), cycle: suggestion.data.cycle_days })}
          </p>
        )}
        <FormError error={suggestionErrors.formError} />
        <div className="row">
          <TextField name="first_reminder_on" type="date" label={t("repurchase.firstReminder")} value={firstOn}
            onChange={(e) => setFirstOverride(e.target.value)} error={errorAt("first_reminder_on")} />
          <TextField name="cycle_days" type="number" min={1} label={t("repurchase.cycleDays")} value={cycleDays}
            onChange={(e) => setCycleOverride(e.target.value)} error={errorAt("cycle_days")} />
        </div>
        {overridden && (
          <button type="button" className="link" onClick={() => { setFirstOverride(null); setCycleOverride(null); }}>
            {t("repurchase.acceptSuggestion")}
          </button>
        )}
      </fieldset>
      <div className="actions">
        <button type="button" onClick={onDone}>{t("common.cancel")}</button>
        <button type="submit" className="primary" disabled={!suggestion.data || suggestion.isError}>{t("repurchase.next")}</button>
      </div>
    </form>
  );
}
