import { useEffect, useRef } from 'react';

/** A `<video>` showing a MediaStream. `peerId` marks a remote participant's camera. */
export function VideoTile({
  stream, label, muted = false, mirrored = false, peerId, children,
}: { stream: MediaStream | null; label: string; muted?: boolean; mirrored?: boolean; peerId?: string; children?: React.ReactNode }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== stream) {
      v.srcObject = stream;
      if (stream) void v.play().catch(() => {});
    }
  }, [stream]);
  return (
    <figure className="relative overflow-hidden rounded-lg bg-neutral-900">
      <video
        ref={ref}
        autoPlay
        playsInline
        muted={muted}
        aria-label={label}
        data-peer-id={peerId}
        className={`aspect-video w-full object-cover ${mirrored ? '-scale-x-100' : ''}`}
      />
      <figcaption className="absolute inset-x-0 bottom-0 flex items-center justify-between gap-2 bg-neutral-950/70 px-2 py-1 text-xs">
        <span>{label}</span>
        {children}
      </figcaption>
    </figure>
  );
}
