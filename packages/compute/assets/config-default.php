<?php
/*
 * BBWS compute: the ONE Debian host configuration (/etc/wordpress/config-default.php).
 *
 * Debian's /usr/share/wordpress/wp-config.php picks /etc/wordpress/config-<Host>.php
 * from the client's Host header. We never create a per-host file, so every request
 * falls back to this one, and the tenant is chosen by the PHP process's environment
 * (set by compute when it starts the tenant's server), never by anything in the
 * request: getenv(), not $_SERVER. Without it we refuse to run (fail closed).
 */
$bbws_tenant_config = getenv('WP_TENANT_CONFIG');
if (!is_string($bbws_tenant_config) || $bbws_tenant_config === '' || !is_readable($bbws_tenant_config)) {
    if (PHP_SAPI !== 'cli') {
        header('HTTP/1.1 503 Service Unavailable');
        header('Content-Type: text/plain; charset=utf-8');
    }
    echo "No tenant configuration: this WordPress is not served by BBWS compute.\n";
    exit(1);
}
require_once $bbws_tenant_config;
unset($bbws_tenant_config);
