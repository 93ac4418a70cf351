#!/bin/sh
# xvfb_window.sh KIOSK OUTDIR -- the real kiosk in a real X window: start it
# under Xvfb, wait until it says it is ready, take a screenshot of the X
# display with ImageMagick's `import`, stop it with SIGTERM (a clean exit),
# and check the screenshot shows the login screen's status bar.
set -eu
kiosk=$1
out=$2
for tool in xvfb-run import convert; do
    command -v "$tool" >/dev/null 2>&1 || { echo "xvfb test: $tool missing" >&2; exit 77; }
done
rm -rf "$out"
mkdir -p "$out/home"
export HOME="$out/home" SDL_AUDIODRIVER=dummy
unset SDL_VIDEODRIVER WAYLAND_DISPLAY
xvfb-run -a -s "-screen 0 800x480x24" sh -c '
    "$0" --windowed --size 800x480 2>"$1/log" &
    pid=$!
    i=0
    until grep -q "ready (x11, 800x480)" "$1/log" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 300 ] || ! kill -0 $pid 2>/dev/null; then
            echo "xvfb test: the kiosk did not come up" >&2; cat "$1/log" >&2
            kill $pid 2>/dev/null; exit 1
        fi
        sleep 0.05
    done
    import -window root "$1/x11.png"
    kill -TERM $pid
    wait $pid
' "$kiosk" "$out"
cat "$out/log" >&2
# The status bar (#1E252C) across the top, the background (#101418) below.
top=$(convert "$out/x11.png" -crop 800x30+0+2 -format %c histogram:info:- | sort -rn | head -1)
mid=$(convert "$out/x11.png" -crop 100x20+20+300 -format %c histogram:info:- | sort -rn | head -1)
echo "top: $top" >&2
echo "mid: $mid" >&2
echo "$top" | grep -qi "#1E252C" || { echo "xvfb test: no status bar in the X screenshot" >&2; exit 1; }
echo "$mid" | grep -qi "#101418" || { echo "xvfb test: no kiosk background" >&2; exit 1; }
echo "xvfb test: screenshot $out/x11.png" >&2
