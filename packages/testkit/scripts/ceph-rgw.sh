#!/bin/bash
# Ceph RADOS Gateway (16.2.x, Debian bookworm) as a throw-away single-node S3 endpoint on 127.0.0.1,
# for tests on machines with neither Docker nor a MinIO binary. Driven by src/s3-server.ts.
#   ceph-rgw.sh install   # apt packages (root): ~65-72 MB download, ~50 s; skipped when present
#   ceph-rgw.sh start     # fresh cluster (1 mon, 1 memstore OSD, [1 mgr], radosgw) + S3 user; ~3.5 s
#   ceph-rgw.sh stop      # stops the daemons by PID
# Env: CEPH_DIR (/tmp/ceph-rgw)  S3_PORT (7480)  MON_PORT (3300)  S3_ACCESS_KEY  S3_SECRET_KEY  WITH_MGR=1 (optional, +300 MiB RSS)
set -euo pipefail
D=${CEPH_DIR:-/tmp/ceph-rgw}
PORT=${S3_PORT:-7480}
MON=${MON_PORT:-3300}
AK=${S3_ACCESS_KEY:-AKIATESTTESTTEST0000}
SK=${S3_SECRET_KEY:-testsecrettestsecrettestsecret0000000000}
C="$D/ceph.conf"

install() {
  if command -v radosgw >/dev/null && command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null; then return 0; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd ceph-common ${WITH_MGR:+ceph-mgr} curl >/dev/null
}

start() {
  rm -rf "$D"; mkdir -p "$D"/{run,log,mon/ceph-a,mgr/ceph-x,osd/ceph-0}
  local fsid; fsid=$(cat /proc/sys/kernel/random/uuid)
  cat > "$C" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$MON
public network = 127.0.0.0/8
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
pid file = $D/run/\$name.pid
mon data = $D/mon/\$cluster-\$id
mgr data = $D/mgr/\$cluster-\$id
osd data = $D/osd/\$cluster-\$id
keyring = $D/keyring
osd objectstore = memstore
memstore device bytes = 2147483648
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# default 1 s per map change; radosgw creates ~7 pools, so this turns ~13 s startup into ~3.5 s
paxos propose interval = 0.05
[client.rgw.a]
# radosgw defaults ms_mon_client_mode=secure, impossible with auth=none (fails with "get_initial_auth_request returned -13")
ms mon client mode = crc
# tcp_nodelay: without it every small request pays a 40 ms Nagle/delayed-ACK stall
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
# enables virtual-hosted-style requests: Host: <bucket>.localhost
rgw dns name = localhost
EOF
  : > "$D/keyring"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON]" "$D/monmap" >/dev/null
  ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap"
  ceph-mon -c "$C" -i a
  [ -z "${WITH_MGR:-}" ] || ceph-mgr -c "$C" -i x
  local uuid id; uuid=$(cat /proc/sys/kernel/random/uuid)
  id=$(ceph -c "$C" osd new "$uuid")
  ceph-osd -c "$C" -i "$id" --mkfs --osd-uuid "$uuid" >/dev/null 2>&1
  ceph-osd -c "$C" -i "$id" >/dev/null 2>&1
  radosgw -c "$C" -n client.rgw.a
  for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.25; done
  radosgw-admin -c "$C" user create --uid=test --display-name=test --access-key="$AK" --secret-key="$SK" >/dev/null
  echo "S3 endpoint http://127.0.0.1:$PORT (path-style, or virtual-hosted via <bucket>.localhost:$PORT) key=$AK"
}

stop() {
  for n in client.rgw.a osd.0 mgr.x mon.a; do
    f="$D/run/$n.pid"; [ -f "$f" ] || continue
    p=$(cat "$f"); kill "$p" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then kill -9 "$p"; fi
  done
  return 0
}

"${1:?usage: $0 install|start|stop}"
