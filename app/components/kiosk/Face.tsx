/** The five faces of the kiosk scale, very sad (1) to very happy (5). Decorative: the label names the button. */

export const FACE_COLORS: Record<number, { fill: string; tint: string; ring: string }> = {
  1: { fill: "#e4572e", tint: "#fde9e3", ring: "#b8391a" },
  2: { fill: "#f39c32", tint: "#fef1df", ring: "#b86a0c" },
  3: { fill: "#f6c945", tint: "#fdf6dc", ring: "#a8830f" },
  4: { fill: "#8cc152", tint: "#eef7e4", ring: "#4f8a1d" },
  5: { fill: "#2fa35b", tint: "#e2f4e9", ring: "#1b7a3f" },
};

const INK = "#2b2118";

export function Face({ value, size = 120, className }: { value: 1 | 2 | 3 | 4 | 5; size?: number; className?: string }) {
  const c = FACE_COLORS[value];
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 100 100"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="50" cy="50" r="46" fill={c.fill} stroke={c.ring} strokeWidth="3" />
      {/* a soft highlight so the face looks friendly rather than flat */}
      <ellipse cx="36" cy="24" rx="16" ry="8" fill="#ffffff" opacity="0.22" />
      {value === 5 ? (
        <>
          <path d="M27 43 Q35 33 43 43" fill="none" stroke={INK} strokeWidth="5" strokeLinecap="round" />
          <path d="M57 43 Q65 33 73 43" fill="none" stroke={INK} strokeWidth="5" strokeLinecap="round" />
        </>
      ) : (
        <>
          <circle cx="36" cy="42" r="5.5" fill={INK} />
          <circle cx="64" cy="42" r="5.5" fill={INK} />
        </>
      )}
      {value === 1 ? (
        <>
          {/* worried brows (inner ends up) and a tear: sad, not angry */}
          <path d="M25 34 L40 28" stroke={INK} strokeWidth="4.5" strokeLinecap="round" />
          <path d="M75 34 L60 28" stroke={INK} strokeWidth="4.5" strokeLinecap="round" />
          <path d="M31 76 Q50 56 69 76" fill="none" stroke={INK} strokeWidth="5.5" strokeLinecap="round" />
          <path d="M30 51 Q25 59 25 62 A5 5 0 0 0 35 62 Q35 59 30 51 Z" fill="#6cb8f0" stroke="#2d7fc1" strokeWidth="1.5" />
        </>
      ) : null}
      {value === 2 ? <path d="M33 70 Q50 60 67 70" fill="none" stroke={INK} strokeWidth="5.5" strokeLinecap="round" /> : null}
      {value === 3 ? <path d="M33 67 L67 67" fill="none" stroke={INK} strokeWidth="5.5" strokeLinecap="round" /> : null}
      {value === 4 ? <path d="M31 61 Q50 78 69 61" fill="none" stroke={INK} strokeWidth="5.5" strokeLinecap="round" /> : null}
      {value === 5 ? (
        <>
          <path d="M26 56 Q50 90 74 56 Z" fill={INK} stroke={INK} strokeWidth="3" strokeLinejoin="round" />
          <path d="M38 71 Q50 64 62 71 Q56 80 50 80 Q44 80 38 71 Z" fill="#e86a6a" />
        </>
      ) : null}
    </svg>
  );
}
