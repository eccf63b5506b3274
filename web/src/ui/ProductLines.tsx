import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client";
import { SelectField, TextField } from "./fields";

export interface ProductLineDraft { product_id: string; eye: "right" | "left" | "both"; pack_size: string; quantity: string }
type Product = Schemas["Product"];

export function lineDraft(products: Product[], productId?: string): ProductLineDraft {
  const product = products.find((p) => p.id === productId) ?? products[0];
  return { product_id: product?.id ?? "", eye: "both", pack_size: String(product?.pack_sizes?.at(-1) ?? ""), quantity: "1" };
}

export function toLines(lines: ProductLineDraft[]) {
  return lines.map((line) => ({ product_id: line.product_id, eye: line.eye, pack_size: Number(line.pack_size),
    quantity: Number(line.quantity) }));
}

/** Product, eye, pack size and quantity per line (orders and subscriptions); errors at `lines[i].field`. */
export function ProductLines({ lines, onChange, products, errorAt }: {
  lines: ProductLineDraft[]; onChange: (lines: ProductLineDraft[]) => void; products: Product[];
  errorAt: (field: string) => unknown;
}) {
  const { t } = useTranslation();
  const set = (index: number, change: Partial<ProductLineDraft>) => onChange(lines.map((line, i) => {
    if (i !== index) return line;
    const next = { ...line, ...change };
    if (change.product_id) next.pack_size = String(products.find((p) => p.id === change.product_id)?.pack_sizes?.at(-1) ?? "");
    return next;
  }));
  return (
    <fieldset>
      <legend>{t("lines.title")}</legend>
      {lines.map((line, index) => {
        const product = products.find((p) => p.id === line.product_id);
        return (
          <div className="row line" key={index}>
            <SelectField name={`lines[${index}].product_id`} label={t("lines.product")} value={line.product_id}
              onChange={(e) => set(index, { product_id: e.target.value })} error={errorAt(`lines[${index}].product_id`)}>
              {products.map((p) => <option key={p.id} value={p.id}>{`${p.brand ?? ""} ${p.name ?? ""}`.trim()}</option>)}
            </SelectField>
            <SelectField name={`lines[${index}].eye`} label={t("lines.eye")} value={line.eye}
              onChange={(e) => set(index, { eye: e.target.value as ProductLineDraft["eye"] })} error={errorAt(`lines[${index}].eye`)}>
              {(["both", "right", "left"] as const).map((eye) => <option key={eye} value={eye}>{t(`eyes.${eye}`)}</option>)}
            </SelectField>
            <SelectField name={`lines[${index}].pack_size`} label={t("lines.packSize")} value={line.pack_size}
              onChange={(e) => set(index, { pack_size: e.target.value })} error={errorAt(`lines[${index}].pack_size`)}>
              {(product?.pack_sizes ?? []).map((size) => <option key={size} value={String(size)}>{t("repurchase.lensesPerPack", { count: size })}</option>)}
            </SelectField>
            <TextField name={`lines[${index}].quantity`} type="number" min={1} label={t("lines.quantity")} value={line.quantity}
              onChange={(e) => set(index, { quantity: e.target.value })} error={errorAt(`lines[${index}].quantity`) ?? errorAt(`lines[${index}]`)} />
            {lines.length > 1 && (
              <button type="button" className="link" onClick={() => onChange(lines.filter((_, i) => i !== index))}>{t("lines.remove")}</button>
            )}
          </div>
        );
      })}
      <button type="button" className="link" onClick={() => onChange([...lines, lineDraft(products, lines.at(-1)?.product_id)])}>
        {t("lines.add")}
      </button>
    </fieldset>
  );
}

export function lineFields(count: number): string[] {
  return Array.from({ length: count }, (_, i) => ["", ".product_id", ".eye", ".pack_size", ".quantity"].map((s) => `lines[${i}]${s}`)).flat();
}

export function LinesSummary({ lines, products }: { lines: Schemas["OrderLine"][]; products: Product[] }) {
  const { t } = useTranslation();
  return (
    <>{lines.map((line, i) => {
      const product = products.find((p) => p.id === line.product_id);
      return <span key={i} className="line-summary">{t("lines.summary", { quantity: line.quantity, pack: line.pack_size,
        product: product ? `${product.brand ?? ""} ${product.name ?? ""}`.trim() : line.product_id, eye: t(`eyes.${line.eye}`) })}</span>;
    })}</>
  );
}
