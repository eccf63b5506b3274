import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../api/problem";
import { FormError, SelectField, TextField } from "../../ui/fields";
import { productLabel, useProducts, useSavePassport, type Eye, type Passport, type PassportInput } from "./api";
import { todayInZurich } from "../../i18n/format";

const NUMBERS = ["base_curve", "diameter", "sphere", "cylinder", "axis", "addition"] as const;
type EyeDraft = Record<"product_id" | (typeof NUMBERS)[number], string>;
type Side = "right" | "left";

function eyeDraft(eye?: Eye): EyeDraft {
  const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));
  return { product_id: eye?.product_id ?? "", base_curve: text(eye?.base_curve), diameter: text(eye?.diameter),
    sphere: text(eye?.sphere), cylinder: text(eye?.cylinder), axis: text(eye?.axis), addition: text(eye?.addition) };
}

function toEye(draft: EyeDraft): Eye | undefined {
  if (!draft.product_id) return undefined;
  const eye: Record<string, unknown> = { product_id: draft.product_id };
  for (const name of NUMBERS) {
    // Swiss keyboards type a decimal comma as often as a point.
    const value = draft[name].trim().replace(",", ".");
    if (value !== "") eye[name] = Number.isNaN(Number(value)) ? value : Number(value);
  }
  return eye as Eye;
}

/** Linsenpass per eye: the product from the catalogue (own products too) and the prescription. */
export function PassportForm({ customerId, passport, onDone }: { customerId: string; passport?: Passport; onDone: () => void }) {
  const { t } = useTranslation();
  const products = useProducts();
  const save = useSavePassport(customerId, passport?.id);
  const [eyes, setEyes] = useState<Record<Side, EyeDraft>>({ right: eyeDraft(passport?.right), left: eyeDraft(passport?.left) });
  const [issuedOn, setIssuedOn] = useState(passport?.issued_on ?? todayInZurich());
  const [validUntil, setValidUntil] = useState(passport?.valid_until ?? "");
  const [notes, setNotes] = useState(passport?.notes ?? "");
  const fields = (["right", "left"] as const).flatMap((side) => ["product_id", ...NUMBERS].map((n) => `${side}.${n}`));
  const errors = fieldErrors(save.error, [...fields, "right", "left", "issued_on", "valid_until", "notes"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: PassportInput = { issued_on: issuedOn, valid_until: validUntil || null, notes: notes || null };
    const right = toEye(eyes.right);
    const left = toEye(eyes.left);
    if (right) body.right = right;
    if (left) body.left = left;
    save.mutate(body, { onSuccess: onDone });
  };
  const setEye = (side: Side, name: keyof EyeDraft) => (event: { target: { value: string } }) =>
    setEyes((current) => ({ ...current, [side]: { ...current[side], [name]: event.target.value } }));

  return (
    <form onSubmit={submit} noValidate>
      <div className="eyes">
        {(["right", "left"] as const).map((side) => (
          <fieldset key={side}>
            <legend>{t(`eyes.${side}`)}</legend>
            <SelectField name={`${side}.product_id`} label={t("passport.product")} value={eyes[side].product_id}
              onChange={setEye(side, "product_id")} error={errors.byField(`${side}.product_id`) ?? errors.byField(side)}>
              <option value="">{t("passport.noLens")}</option>
              {products.data?.map((product) => (
                <option key={product.id} value={product.id}>
                  {productLabel(product)}{product.shared === false ? ` (${t("passport.ownProduct")})` : ""}
                </option>
              ))}
            </SelectField>
            <div className="row">
              {NUMBERS.map((name) => (
                <TextField key={name} name={`${side}.${name}`} label={t(`passport.${name}`)} inputMode="decimal"
                  value={eyes[side][name]} onChange={setEye(side, name)} error={errors.byField(`${side}.${name}`)}
                  disabled={!eyes[side].product_id} />
              ))}
            </div>
          </fieldset>
        ))}
      </div>
      <div className="row">
        <TextField name="issued_on" type="date" label={t("passport.issuedOn")} value={issuedOn}
          onChange={(e) => setIssuedOn(e.target.value)} error={errors.byField("issued_on")} required />
        <TextField name="valid_until" type="date" label={t("passport.validUntil")} value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)} error={errors.byField("valid_until")} />
      </div>
      <TextField name="notes" label={t("passport.notes")} value={notes} onChange={(e) => setNotes(e.target.value)}
        error={errors.byField("notes")} />
      <FormError error={errors.formError} />
      <div className="actions">
        <button type="button" onClick={onDone}>{t("common.cancel")}</button>
        <button type="submit" className="primary" disabled={save.isPending}>{t("common.save")}</button>
      </div>
    </form>
  );
}
