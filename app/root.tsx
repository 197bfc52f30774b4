import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import styles from "./styles/app.css?url";
import { useNonce } from "./components/nonce";
import { Chrome } from "./components/Chrome";
import { langFrom } from "./i18n/messages";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Only the chosen language, so that the error pages speak it (nothing else, nothing slow). */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ lang: langFrom(request) });
}

/** The error pages' title (a page of a route has its own). */
export const meta: MetaFunction<typeof loader> = ({ error, data, location }) => {
  if (!error) return [];
  const en = (data?.lang ?? new URLSearchParams(location.search).get("lang")) === "en";
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const t = ERROR_TEXT[en ? "en" : "vi"];
  return [{ title: `${notFound ? t.title404 : t.title500} · Hài Lòng` }];
};

export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) => currentUrl.searchParams.get("lang") !== nextUrl.searchParams.get("lang");

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang={data?.lang === "en" ? "en" : "vi"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const ERROR_TEXT = {
  vi: {
    title404: "Không tìm thấy trang",
    text404: "Trang Ông/Bà tìm không có hoặc đã được chuyển đi. Vui lòng kiểm tra lại địa chỉ.",
    title500: "Có lỗi xảy ra",
    text500: "Hệ thống chưa xử lý được yêu cầu này. Vui lòng thử lại sau ít phút.",
    code: (n: number) => `Mã lỗi ${n}`,
    home: "Về trang chủ",
    feedback: "Gửi phản ánh",
  },
  en: {
    title404: "Page not found",
    text404: "The page you are looking for does not exist or has moved. Please check the address.",
    title500: "Something went wrong",
    text500: "The system could not handle this request. Please try again in a few minutes.",
    code: (n: number) => `Status ${n}`,
    home: "Back to the home page",
    feedback: "Send feedback",
  },
} as const;

/**
 * The 404 and 500 pages: the site's header, plain words in the chosen language and a way back.
 * Never the error's own message (English, or a stack trace) — that stays in the server log.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  // An address that matches no route runs no loader: then the ?lang= of the address decides.
  const asked = new URLSearchParams(useLocation().search).get("lang");
  const lang = (data?.lang ?? asked) === "en" ? "en" : "vi";
  const t = ERROR_TEXT[lang];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const notFound = status === 404;
  // A page's own Vietnamese message ("Không tìm thấy phiếu khảo sát…") is kept; never a technical one.
  const data4xx = isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" ? error.data : null;
  const said = lang === "vi" && data4xx && /[À-ỹ]/.test(data4xx) && !/Error|No route|stack/i.test(data4xx) ? data4xx.slice(0, 300) : null;
  return (
    <Chrome lang={lang} demo={false} citizen>
      <main className="page narrow error-page" data-status={status}>
        <h1>{notFound ? t.title404 : t.title500}</h1>
        <p>{said ?? (notFound ? t.text404 : t.text500)}</p>
        <p className="error-code">{t.code(status)}</p>
        <p className="error-actions">
          <a className="btn" href={lang === "en" ? "/?lang=en" : "/"}>{t.home}</a>
          <a className="btn secondary" href="/phan-anh">{t.feedback}</a>
        </p>
      </main>
    </Chrome>
  );
}
