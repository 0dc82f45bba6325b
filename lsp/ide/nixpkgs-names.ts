// Common nixpkgs attribute names, offered after `pkgs.`: a bundled list, so
// completion works without Nix on the machine. Not exhaustive by design.
export const nixpkgsNames: readonly string[] = [
  "acl", "age", "ansible", "apacheHttpd", "aria2", "atop", "attr", "awscli2", "bash", "bashInteractive", "bat", "bc", "bind", "binutils", "bird2",
  "borgbackup", "btop", "btrfs-progs", "bzip2", "caddy", "certbot", "chrony", "cifs-utils", "clickhouse", "cloud-utils", "cmake", "consul", "containerd",
  "coreutils", "coredns", "cowsay", "cri-o", "cron", "cryptsetup", "curl", "dbus", "delta", "diffutils", "dig", "direnv", "dnsmasq", "docker",
  "docker-compose", "dosfstools", "dstat", "du-dust", "duf", "e2fsprogs", "elasticsearch", "emacs", "envoy", "erlang", "etcd", "ethtool", "exa", "eza", "fd",
  "ffmpeg", "file", "findutils", "fio", "fish", "fluent-bit", "fzf", "gawk", "gcc", "gdb", "gettext", "ghostscript", "git", "git-lfs", "gitea", "glibc",
  "glances", "gnugrep", "gnumake", "gnupg", "gnused", "gnutar", "go", "grafana", "graphviz", "gzip", "haproxy", "hdparm", "helix", "hello", "htop",
  "httpie", "hugo", "hyperfine", "icu", "imagemagick", "influxdb2", "inetutils", "iotop", "iperf3", "iproute2", "ipset", "iptables", "iputils", "jdk",
  "jdk17", "jdk21", "jellyfin", "jq", "k3s", "kafka", "keepalived", "kubectl", "kubernetes-helm", "less", "lftp", "libressl", "libxml2", "lm_sensors",
  "logrotate", "loki", "lsof", "lvm2", "lz4", "mailutils", "man", "mariadb", "mdadm", "memcached", "minio", "minio-client", "mkcert", "mongodb", "mosh",
  "mosquitto", "mtr", "mysql80", "nano", "nats-server", "ncdu", "neovim", "netcat", "nettools", "nfs-utils", "nftables", "nginx", "nix-output-monitor",
  "nmap", "nodejs", "nodejs_20", "nodejs_22", "nomad", "nushell", "nvme-cli", "openjdk", "openldap", "openssh", "openssl", "openvpn", "p7zip", "parted",
  "patch", "pciutils", "perl", "php", "pigz", "pgbouncer", "postgresql", "postgresql_15", "postgresql_16", "postgresql_17", "procps", "prometheus",
  "prometheus-node-exporter", "promtail", "psmisc", "pv", "pwgen", "python3", "python311", "python312", "qemu", "rabbitmq-server", "rclone", "redis",
  "restic", "ripgrep", "rsync", "ruby", "rustc", "cargo", "s3cmd", "samba", "screen", "sd", "sops", "sqlite", "squid", "sshfs", "strace", "stress-ng",
  "sudo", "sysstat", "systemd", "tailscale", "tcpdump", "tmux", "traefik", "tree", "unbound", "unzip", "usbutils", "util-linux", "vault", "vector", "vim",
  "wget", "which", "wireguard-tools", "xfsprogs", "xz", "yq-go", "zellij", "zfs", "zip", "zsh", "zstd",
];
