/**
 * One A6 poster (105 × 148 mm) for a service point's desk: a call to action, the QR code to the
 * online survey, the point's name and the address in text for those who type it.
 * The SVG comes from the qrcode package on the server (no user text in it).
 */
export function QrPoster({ name, unitName, url, shortUrl, svg }: { name: string; unitName: string; url: string; shortUrl: string; svg: string }) {
  return (
    <article className="qr-poster" aria-label={`Áp phích: ${name}`}>
      <p className="qr-poster-brand">Hài Lòng · Khảo sát sự hài lòng</p>
      <h2 className="qr-poster-cta">Ông/Bà hài lòng với sự phục vụ hôm nay?</h2>
      <p className="qr-poster-sub">Quét mã để đánh giá — chưa đến 1 phút, không cần ghi tên</p>
      <div className="qr-poster-code" role="img" aria-label={`Mã QR dẫn tới ${url}`} data-url={url} dangerouslySetInnerHTML={{ __html: svg }} />
      <p className="qr-poster-name">{name}</p>
      <p className="qr-poster-unit">{unitName}</p>
      <p className="qr-poster-url">{shortUrl}</p>
    </article>
  );
}
