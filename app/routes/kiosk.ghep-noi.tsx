import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { readDevice } from "../components/kiosk/device";
import { KioskPairing } from "../components/kiosk/KioskPairing";
import { langFrom } from "../i18n/messages";
import styles from "../styles/kiosk.css?url";
import fieldStyles from "../styles/kiosk-field.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles, fieldStyles);
export const meta: MetaFunction = () => [{ title: "Ghép nối kiosk · Hài Lòng" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ lang: langFrom(request) });
}

/** /kiosk/ghep-noi: a tablet enters its one-time pairing code, then opens its service point's kiosk. */
export default function KioskPairPage() {
  const { lang } = useLoaderData<typeof loader>();
  const [hydrated, setHydrated] = useState(false);
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    setHydrated(true);
    setCurrent(readDevice()?.point ?? null);
  }, []);
  const open = (point: string) => window.location.assign(`/kiosk/${encodeURIComponent(point)}${lang === "en" ? "?lang=en" : ""}`);
  return (
    <div className="kiosk screen-pair" lang={lang} data-hydrated={hydrated ? "true" : "false"} data-screen="pair">
      <main className="kiosk-main">
        <KioskPairing lang={lang} otherPoint={current} onPaired={(d) => open(d.point)} />
      </main>
    </div>
  );
}
