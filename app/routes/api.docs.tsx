import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { renderDoc } from "../services/admin/docs.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "API" }];

export async function loader() {
  return json(await renderDoc("api"));
}

export default function ApiDocs() {
  const { html } = useLoaderData<typeof loader>();
  return (
    <Chrome lang="vi" demo={false}>
      {/* docs/api.md is the project's own document, rendered by `marked`; no citizen text here. */}
      <main className="page narrow doc" dangerouslySetInnerHTML={{ __html: html }} />
    </Chrome>
  );
}
