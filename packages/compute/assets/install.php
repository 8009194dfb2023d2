<?php
/*
 * BBWS compute: prepares a tenant's content directory and installs WordPress
 * headlessly. Run by compute AS THE TENANT (files it creates are the tenant's)
 * with WP_TENANT_CONFIG set, as: php install.php <theme-dir> <blog-title> <admin-email>
 * Idempotent: an installed blog is left alone. Exit 0 = installed (now or before).
 */
if (PHP_SAPI !== 'cli' || $argc !== 4) {
    fwrite(STDERR, "usage: php install.php <theme-dir> <blog-title> <admin-email>\n");
    exit(2);
}
[, $bbws_theme_dir, $bbws_title, $bbws_email] = $argv;
$bbws_config = getenv('WP_TENANT_CONFIG');
if (!is_string($bbws_config) || !is_readable($bbws_config)) {
    fwrite(STDERR, "WP_TENANT_CONFIG is not a readable file\n");
    exit(2);
}

/* Reads WP_CONTENT_DIR and WP_HOME without loading WordPress (the theme must exist first). */
require $bbws_config;
bbws_prepare_content(WP_CONTENT_DIR, $bbws_theme_dir);

/* WordPress in a CLI process: it reads the host and URI of "the request". */
$bbws_home = parse_url(WP_HOME);
$_SERVER['HTTP_HOST'] = $bbws_home['host'] . (isset($bbws_home['port']) ? ':' . $bbws_home['port'] : '');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);

/* Pluggable, so defining it first stops the "new site" e-mail. */
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}

require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

/* No outbound HTTP during install: the loopback permalink probe would wait 2 x 5 s. */
add_filter('pre_http_request', function () {
    return new WP_Error('bbws_http_blocked', 'outbound HTTP is blocked during install');
}, 10, 3);

if (is_blog_installed()) {
    echo "already installed\n";
    exit(0);
}
$bbws_result = wp_install($bbws_title, 'admin', $bbws_email, false, '', wp_generate_password(32, true, true));
if (!is_blog_installed()) {
    fwrite(STDERR, "wp_install did not install the blog\n");
    exit(1);
}
echo "installed user " . $bbws_result['user_id'] . "\n";
exit(0);

/** The content directory: private to the tenant, with the default theme linked in. */
function bbws_prepare_content(string $content, string $theme_dir): void {
    if (!is_dir($content) || !chmod($content, 0700)) {
        fwrite(STDERR, "content directory $content is missing or not the tenant's\n");
        exit(3);
    }
    foreach (['themes', 'plugins', 'uploads', 'upgrade'] as $sub) {
        if (!is_dir("$content/$sub") && !mkdir("$content/$sub", 0755) && !is_dir("$content/$sub")) {
            fwrite(STDERR, "cannot create $content/$sub\n");
            exit(3);
        }
    }
    $link = "$content/themes/" . basename($theme_dir);
    if (is_link($link) && readlink($link) === $theme_dir) {
        return;
    }
    if (is_link($link)) {
        unlink($link);
    }
    if (!file_exists($link) && !symlink($theme_dir, $link)) {
        fwrite(STDERR, "cannot link the theme into $content/themes\n");
        exit(3);
    }
}
