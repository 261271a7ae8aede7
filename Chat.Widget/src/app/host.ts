// Talking to the loader on the host page, and the new-message sound.
import type { FrameToHost, HostToFrame } from '../frame-protocol';

const hostOrigin = new URLSearchParams(location.search).get('host');
let visible = window.parent === window;
let listener: ((visible: boolean) => void) | null = null;

export function toHost(message: FrameToHost): void {
  if (hostOrigin && window.parent !== window) {
    window.parent.postMessage(message, hostOrigin);
  }
}

export function isVisible(): boolean {
  return visible && document.visibilityState === 'visible';
}

/** One listener at a time: the current conversation. */
export function onVisibility(next: ((visible: boolean) => void) | null): void {
  listener = next;
}

window.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as HostToFrame | null;
  if (!hostOrigin || event.origin !== hostOrigin || event.source !== window.parent || data?.kind !== 'lpse-chat:visibility') {
    return;
  }

  visible = data.visible;
  listener?.(isVisible());
});
document.addEventListener('visibilitychange', () => listener?.(isVisible()));

let audio: AudioContext | null = null;

export function chime(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch {
    // No audio (autoplay policy or no device): the badge and title still tell the visitor.
  }
}
