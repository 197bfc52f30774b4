/** The kiosk's device token, kept in the tablet's localStorage after pairing (see /quan-tri/thiet-bi). */
export interface PairedDevice {
  token: string;
  point: string;
  name: string;
}

const KEY = "hailong.kiosk.device.v1";
export const DEVICE_HEADER = "x-device-token";

export function readDevice(): PairedDevice | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    const d = raw ? (JSON.parse(raw) as PairedDevice) : null;
    return d && typeof d.token === "string" && typeof d.point === "string" ? d : null;
  } catch {
    return null;
  }
}

export function saveDevice(d: PairedDevice) {
  window.localStorage.setItem(KEY, JSON.stringify(d));
  window.dispatchEvent(new Event("hailong:device"));
}

export function forgetDevice() {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    /* nothing to forget */
  }
  window.dispatchEvent(new Event("hailong:device"));
}
