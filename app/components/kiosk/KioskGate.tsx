import { useEffect, useState, type ReactNode } from "react";
import type { Lang } from "../../i18n/format";
import { DEVICE_HEADER, forgetDevice, readDevice } from "./device";
import { KioskPairing } from "./KioskPairing";
import { startSync } from "./offline-queue";
import { StatusMark } from "./StatusMark";

const KIOSK_CACHE = "hailong-kiosk-v1";

/**
 * Registers the kiosk's service worker (public/kiosk-sw.js, scope /kiosk/) and puts this page and
 * the scripts and styles it loaded into its cache, so the kiosk opens again without a network.
 */
function registerKioskWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker
    .register("/kiosk-sw.js", { scope: "/kiosk/" })
    .then(async () => {
      if (!("caches" in window)) return;
      const urls = new Set<string>([location.href]);
      document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=stylesheet], link[rel=modulepreload], link[rel=icon]").forEach((el) => {
        const u = "src" in el && el.src ? el.src : "href" in el ? el.href : "";
        if (u && new URL(u).origin === location.origin) urls.add(u);
      });
      const cache = await caches.open(KIOSK_CACHE);
      await Promise.all([...urls].map((u) => cache.add(u).catch(() => undefined)));
    })
    .catch(() => undefined);
}

/**
 * The kiosk's outer shell: a tablet without a device token for this point sees the pairing screen
 * instead of the faces; once paired, the outbox is kept draining and staff see the status mark.
 */
export function KioskGate({ point, lang, children }: { point: { code: string; name: string }; lang: Lang; children: ReactNode }) {
  const [paired, setPaired] = useState<boolean | null>(null);
  const [other, setOther] = useState<string | null>(null);
  useEffect(() => {
    const check = () => {
      const d = readDevice();
      setPaired(!!d && d.point === point.code);
      setOther(d && d.point !== point.code ? d.point : null);
    };
    check();
    window.addEventListener("hailong:device", check);
    registerKioskWorker();
    const stop = startSync();
    // Online, ask whether the device is still trusted (it may have been revoked); offline, trust it.
    const d = readDevice();
    if (d && navigator.onLine) {
      fetch("/api/v1/devices/me", { headers: { [DEVICE_HEADER]: d.token, accept: "application/json" } })
        .then((r) => {
          if (r.status === 403) forgetDevice();
        })
        .catch(() => undefined);
    }
    return () => {
      window.removeEventListener("hailong:device", check);
      stop();
    };
  }, [point.code]);

  return (
    <>
      {paired === false ? (
        <div className="kiosk screen-pair" lang={lang} data-hydrated="true" data-screen="pair">
          <main className="kiosk-main">
            <KioskPairing lang={lang} pointName={point.name} otherPoint={other} onPaired={() => setPaired(true)} />
          </main>
        </div>
      ) : (
        children
      )}
      {paired !== null ? <StatusMark lang={lang} /> : null}
    </>
  );
}
