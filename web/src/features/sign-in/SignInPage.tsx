import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { localGet } from "../../api/client";
import { setSession } from "../../auth/session";
import { cognito, finishSignIn, startSignIn } from "../../auth/cognito";
import { Loading, LoadError, Empty } from "../../ui/states";

interface LocalOptician {
  id: string;
  name: string;
  package: string;
}

/** Production: one button to Cognito's hosted UI. Local mode: the seeded opticians to choose from. */
export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // Back where the optician was sent away from; from the start page straight to the Kundenkartei.
  const requested = (location.state as { from?: string } | null)?.from;
  const from = !requested || requested === "/" ? "/customers" : requested;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const opticians = useQuery({
    queryKey: ["local", "opticians"],
    queryFn: () => localGet<{ opticians: LocalOptician[] }>("/_local/opticians"),
    enabled: !cognito,
    staleTime: Infinity,
  });

  const signIn = async (optician: LocalOptician) => {
    setBusy(optician.id);
    setError(null);
    try {
      const { token } = await localGet<{ token: string }>(`/_local/token?optician_id=${encodeURIComponent(optician.id)}`);
      setSession({ token, name: optician.name });
      navigate(from, { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(null);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>{t("signIn.title")}</h1>
      {cognito ? (
        <button type="button" className="primary" onClick={() => void startSignIn()}>{t("signIn.withAccount")}</button>
      ) : (
        <>
          <p>{t("signIn.localIntro")}</p>
          {opticians.isPending && <Loading />}
          {opticians.isError && <LoadError error={opticians.error} retry={() => void opticians.refetch()} />}
          {opticians.data && opticians.data.opticians.length === 0 && <Empty>{t("signIn.none")}</Empty>}
          <ul className="optician-list">
            {opticians.data?.opticians.map((optician) => (
              <li key={optician.id}>
                <button type="button" className="primary" disabled={busy !== null} onClick={() => void signIn(optician)}>
                  {t("signIn.as", { name: optician.name })}
                </button>
                <span className="hint">{t(`packages.${optician.package === "gold" ? "gold" : "silver"}`)}</span>
              </li>
            ))}
          </ul>
          {error ? <LoadError error={error} /> : null}
        </>
      )}
    </main>
  );
}

/** The hosted UI's redirect target: exchanges the code, then opens the customer list. */
export function CallbackPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    finishSignIn(window.location.search)
      .then((token) => { setSession({ token }); navigate("/customers", { replace: true }); })
      .catch(setError);
  }, [navigate]);
  return (
    <main id="main" className="signin">
      <h1>{t("signIn.title")}</h1>
      {error ? <LoadError error={error} /> : <Loading />}
    </main>
  );
}
