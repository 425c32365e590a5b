"""The default process of each catalogued image: its start-up log, how it stops.

Log lines are copied from the real images' first seconds (nginx 1.27, redis 7.4,
postgres 17, kubeadm's control-plane components ...), with ``@stamp@`` markers for the
time and ``@ip@`` / ``@host@`` / ``@gw@`` for the pod's address, name and gateway.
"""
from __future__ import annotations

from .runtime_programs import Line, Program


def _at(*lines: str, step: float = 0.002, start: float = 0.0) -> tuple[Line, ...]:
    return tuple((start + i * step, text) for i, text in enumerate(lines))


def _klog(*lines: str) -> tuple[Line, ...]:
    return _at(*(f"I@klog@       1 {text}" for text in lines), step=0.05)


_NGINX_START = _at(
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
    "@nginx@ [notice] 1#1: using the \"epoll\" event method",
    "@nginx@ [notice] 1#1: nginx/1.27.3",
    "@nginx@ [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
    "@nginx@ [notice] 1#1: OS: Linux 6.8.0-51-generic",
    "@nginx@ [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "@nginx@ [notice] 1#1: start worker processes",
    "@nginx@ [notice] 1#1: start worker process 29",
    "@nginx@ [notice] 1#1: start worker process 30",
)
# nginx's image stops with SIGQUIT: a graceful shutdown that lets requests finish.
_NGINX_STOP = ("@nginx@ [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
               "@nginx@ [notice] 29#29: gracefully shutting down",
               "@nginx@ [notice] 29#29: exiting", "@nginx@ [notice] 29#29: exit",
               "@nginx@ [notice] 1#1: signal 17 (SIGCHLD) received from 29",
               "@nginx@ [notice] 1#1: worker process 29 exited with code 0", "@nginx@ [notice] 1#1: exit")
_PROBE = '@gw@ - - [@clf@] "GET / HTTP/1.1" 200 615 "-" "kube-probe/1.32" "-"'
_REDIS_START = (
    "1:C @redis@ * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    "1:C @redis@ * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started",
    "1:C @redis@ # Warning: no config file specified, using the default config. In order to specify a "
    "config file use redis-server /path/to/redis.conf",
    "1:M @redis@ * monotonic clock: POSIX clock_gettime",
    "1:M @redis@ * Running mode=standalone, port=6379.",
    "1:M @redis@ * Server initialized",
    "1:M @redis@ * Ready to accept connections tcp")
_REDIS_STOP = ("1:signal-handler (@isos@) Received SIGTERM scheduling shutdown...",
               "1:M @redis@ * User requested shutdown...",
               "1:M @redis@ * Saving the final RDB snapshot before exiting.",
               "1:M @redis@ * DB saved on disk", "1:M @redis@ # Redis is now ready to exit, bye bye...")
_AH00558 = ("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
            "using @ip@. Set the 'ServerName' directive globally to suppress this message")
_HTTPD_START = (_AH00558, _AH00558,
                "[@apache@] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured "
                "-- resuming normal operations",
                "[@apache@] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'")
_HTTPD_STOP = ("[@apache@] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, "
               "shutting down gracefully",)
_POSTGRES_START = (
    "The files belonging to this database system will be owned by user \"postgres\".",
    "This user must also own the server process.",
    "The database cluster will be initialized with locale \"en_US.utf8\".",
    "fixing permissions on existing directory /var/lib/postgresql/data ... ok",
    "creating subdirectories ... ok", "performing post-bootstrap initialization ... ok",
    "syncing data to disk ... ok", "Success. You can now start the database server using:",
    "@pg@ [1] LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu",
    "@pg@ [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
    "@pg@ [1] LOG:  database system is ready to accept connections")
_POSTGRES_STOP = ("@pg@ [1] LOG:  received fast shutdown request",
                  "@pg@ [1] LOG:  database system is shut down")
_MYSQL_START = (
    "@isos@+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.",
    "@isos@+00:00 [Note] [Entrypoint]: Initializing database files",
    "@iso@ 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 9.1.0) starting as process 1",
    "@iso@ 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '9.1.0'  "
    "socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.")
_MYSQL_STOP = ("@iso@ 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. "
               "Shutting down mysqld (Version: 9.1.0).",)
_CRASH = ("clusterviz/crash: starting up",
          "clusterviz/crash: loading configuration from /etc/app/config.yaml",
          "panic: runtime error: invalid memory address or nil pointer dereference",
          "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2f1c]")
_COREDNS_START = (".:53",
                  "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df5"
                  "9329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96"
                  "639138a43908",
                  "CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9")
_COREDNS_STOP = ("[INFO] SIGTERM: Shutting down servers then terminating",
                 "[INFO] plugin/health: Going into lameduck mode for 5s")
_KUBE_PROXY = ('server_linux.go:66] "Using iptables proxy"',
               'server.go:698] "Successfully retrieved node IP(s)" IPs=["@node_ip@"]',
               'server_linux.go:170] "Using iptables Proxier"',
               'server.go:483] "Version info" version="v1.32.4"',
               'config.go:199] "Starting service config controller"',
               'config.go:105] "Starting endpoint slice config controller"',
               "shared_informer.go:320] Caches are synced for service config")
_APISERVER = ("options.go:238] external host was not specified, using @node_ip@",
              "server.go:143] Version: v1.32.4",
              "secure_serving.go:213] Serving securely on [::]:6443",
              "controller.go:615] quota admission added evaluator for: leases.coordination.k8s.io")
_SELF_SIGNED = "serving.go:386] Generated self-signed cert in-memory"
_ELECTION = "leaderelection.go:257] attempting to acquire leader lease kube-system/{}..."
_ETCD = ('"caller":"etcdmain/etcd.go:73","msg":"Running: ","args":["etcd",'
         '"--advertise-client-urls=https://@node_ip@:2379"]',
         '"caller":"embed/etcd.go:128","msg":"configuring peer listeners",'
         '"listen-peer-urls":["https://@node_ip@:2380"]',
         '"caller":"etcdserver/server.go:2066","msg":"published local member to cluster through raft"',
         '"caller":"embed/serve.go:250","msg":"serving client traffic securely","traffic":"grpc+http",'
         '"address":"@node_ip@:2379"')

SERVERS: dict[str, Program] = {
    "nginx": Program(startup=_NGINX_START, stop_seconds=0.3, stop_lines=_NGINX_STOP, probe_line=_PROBE),
    "echoserver": Program(stop_seconds=0.2,
                          probe_line='@gw@ - - [@clf@] "GET / HTTP/1.1" 200 418 "-" "kube-probe/1.32"'),
    "redis": Program(startup=_at(*_REDIS_START), stop_seconds=0.2, stop_lines=_REDIS_STOP),
    "httpd": Program(startup=_at(*_HTTPD_START), stop_seconds=0.3, stop_lines=_HTTPD_STOP,
                     probe_line='@gw@ - - [@clf@] "GET / HTTP/1.1" 200 45'),
    "postgres": Program(startup=_at(*_POSTGRES_START, step=0.15), stop_seconds=0.5,
                        stop_lines=_POSTGRES_STOP),
    "mysql": Program(startup=_at(*_MYSQL_START, step=1.5), stop_seconds=1.0, stop_lines=_MYSQL_STOP),
    "memcached": Program(stop_seconds=0.05),
    "whoami": Program(startup=_at("@nginx@ Starting up on port 80"), stop_seconds=0.05),
    "pause": Program(stop_seconds=0.01),
    "generic": Program(stop_seconds=0.1),
    # A bare shell (busybox, alpine, ubuntu) and the python / node REPLs read stdin,
    # find it closed (no TTY) and exit 0 at once: "Completed", then CrashLoopBackOff.
    "shell": Program(exit_after=0.02, stop_seconds=None),
    "python": Program(exit_after=0.05, stop_seconds=None),
    "node": Program(exit_after=0.08, stop_seconds=None),
    "crash": Program(startup=_at(*_CRASH, step=0.6), exit_after=2.0, exit_code=1),
    "oom": Program(startup=_at("clusterviz/oom: allocating 64 MiB blocks until the limit is hit"),
                   exit_after=5.0, exit_code=137, exit_reason="OOMKilled"),
    "coredns": Program(startup=_at(*_COREDNS_START), stop_seconds=5.0, stop_lines=_COREDNS_STOP),
    "kube-proxy": Program(startup=_klog(*_KUBE_PROXY), stop_seconds=0.1),
    "kube-apiserver": Program(startup=_klog(*_APISERVER), stop_seconds=1.0),
    "kube-controller-manager": Program(startup=_klog(
        _SELF_SIGNED, 'controllermanager.go:185] "Starting" version="v1.32.4"',
        _ELECTION.format("kube-controller-manager")), stop_seconds=0.5),
    "kube-scheduler": Program(startup=_klog(
        _SELF_SIGNED, 'server.go:167] "Starting Kubernetes Scheduler" version="v1.32.4"',
        _ELECTION.format("kube-scheduler")), stop_seconds=0.5),
    "etcd": Program(startup=_at(*('{"level":"info","ts":"@iso@",' + line + "}" for line in _ETCD), step=0.1),
                    stop_seconds=0.5),
}

# What a shell script can exec into: the image's own server (``exec nginx -g 'daemon off;'``).
EXECUTABLES: dict[str, str] = {
    "nginx": "nginx", "redis-server": "redis", "httpd": "httpd", "httpd-foreground": "httpd",
    "postgres": "postgres", "docker-entrypoint.sh": "", "mysqld": "mysql", "memcached": "memcached",
    "whoami": "whoami", "coredns": "coredns",
    "kube-proxy": "kube-proxy", "kube-apiserver": "kube-apiserver", "kube-scheduler": "kube-scheduler",
    "kube-controller-manager": "kube-controller-manager", "etcd": "etcd", "/pause": "pause", "pause": "pause",
}


def refusal(program: str, needs: tuple[str, ...]) -> Program:
    """The entrypoint's complaint when none of the required variables is set (exit 1)."""
    lines: tuple[str, ...]
    if program == "postgres":
        lines = ("Error: Database is uninitialized and superuser password is not specified.",
                 "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
                 "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".")
    else:
        lines = ("@isos@+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option "
                 "is not specified",
                 "    You need to specify one of the following as an environment variable:",
                 *(f"    - {name}" for name in needs))
    return Program(startup=_at(*lines, step=0.001, start=0.3), exit_after=0.35, exit_code=1)
