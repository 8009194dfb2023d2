/**
 * What the one-off install task runs in the tenant's own image (official `wordpress:*-apache`),
 * the ECS twin of `assets/install.php` run by the local adapter: same stubbed new-site mail,
 * same blocked outbound HTTP, same `is_blog_installed()` guard, blog title = tenant id, a
 * random admin password that is never stored. Exit 0 = installed, now or before.
 */

/**
 * PHP for `php -r` (no opening tag). Reads BBWS_SITE_URL (set by the task definition) and
 * BBWS_INSTALL_TITLE / BBWS_INSTALL_EMAIL (set by the override); the database settings come
 * from WORDPRESS_DB_* through the image's wp-config-docker.php.
 */
export const WORDPRESS_INSTALL_PHP = `
$bbws_url = rtrim((string) getenv('BBWS_SITE_URL'), '/');
$bbws_parts = parse_url($bbws_url);
if (!is_array($bbws_parts) || !isset($bbws_parts['host'])) {
    fwrite(STDERR, "BBWS_SITE_URL is not a URL\\n");
    exit(2);
}
$_SERVER['HTTP_HOST'] = $bbws_parts['host'] . (isset($bbws_parts['port']) ? ':' . $bbws_parts['port'] : '');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
if (($bbws_parts['scheme'] ?? 'http') === 'https') {
    $_SERVER['HTTPS'] = 'on';
}
define('WP_INSTALLING', true);
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
require_once '/var/www/html/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
add_filter('pre_http_request', function () {
    return new WP_Error('bbws_http_blocked', 'outbound HTTP is blocked during install');
}, 10, 3);
if (is_blog_installed()) {
    echo "already installed\\n";
    exit(0);
}
$bbws_result = wp_install((string) getenv('BBWS_INSTALL_TITLE'), 'admin', (string) getenv('BBWS_INSTALL_EMAIL'), false, '', wp_generate_password(32, true, true));
if (!is_blog_installed()) {
    fwrite(STDERR, "wp_install did not install the blog\\n");
    exit(1);
}
update_option('siteurl', $bbws_url);
update_option('home', $bbws_url);
echo "installed user " . $bbws_result['user_id'] . "\\n";
exit(0);
`;

/**
 * Does what the image's docker-entrypoint.sh does before it starts Apache (the override
 * replaces the command, and the entrypoint only prepares for apache2*): copies core from
 * /usr/src/wordpress into /var/www/html without overwriting what wp-content on EFS already
 * holds, and makes wp-config.php from wp-config-docker.php (which reads WORDPRESS_DB_*).
 * Then runs the install PHP, handed over in BBWS_INSTALL_PHP so no shell quoting touches it.
 */
export const WORDPRESS_INSTALL_SHELL = [
  "set -eu",
  "cd /var/www/html",
  "tar -C /usr/src/wordpress -cf - . | tar -xf - --skip-old-files",
  "[ -e wp-config.php ] || cp /usr/src/wordpress/wp-config-docker.php wp-config.php",
  'exec php -d date.timezone=UTC -r "$BBWS_INSTALL_PHP"',
].join("\n");
