<?php
/*
 * BBWS compute: the php -S router of a tenant's WordPress.
 * - /bbws-health answers 200 without loading WordPress when the tenant's config is
 *   readable (the target's health path);
 * - /wp-content/... is served from the tenant's WP_CONTENT_DIR, not Debian's
 *   shared docroot copy (static files only: tenant PHP runs through WordPress);
 * - an existing core file is served by php -S itself, anything else by index.php.
 */
$bbws_path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (str_contains($bbws_path, "\0") || preg_match('#(^|/)\.\.(/|$)#', $bbws_path)) {
    http_response_code(400);
    exit;
}
if ($bbws_path === '/bbws-health') {
    $bbws_config = getenv('WP_TENANT_CONFIG');
    http_response_code(is_string($bbws_config) && is_readable($bbws_config) ? 200 : 503);
    header('Content-Type: text/plain; charset=utf-8');
    header('Cache-Control: no-store');
    echo http_response_code() === 200 ? "ok\n" : "no tenant configuration\n";
    exit;
}
if (str_starts_with($bbws_path, '/wp-content/')) {
    require __DIR__ . '/serveContent.php';
    exit;
}
$bbws_file = $_SERVER['DOCUMENT_ROOT'] . $bbws_path;
if (file_exists($bbws_file)) {
    if (is_dir($bbws_file) && !str_ends_with($bbws_path, '/')) {
        header('Location: ' . $bbws_path . '/', true, 301);
        exit;
    }
    if (!str_ends_with($bbws_path, '.php')) {
        return false;
    }
    chdir(dirname($bbws_file));
    require $bbws_file;
    exit;
}
chdir($_SERVER['DOCUMENT_ROOT']);
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
