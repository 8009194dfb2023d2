<?php
/*
 * BBWS compute: serves a static file of the tenant's WP_CONTENT_DIR (uploads,
 * theme and plugin assets). The content directory is the tenant's own: the OS
 * permissions of the tenant uid are the boundary, so symlinks are followed.
 */
$bbws_types = [
    'css' => 'text/css', 'js' => 'text/javascript', 'json' => 'application/json',
    'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif',
    'webp' => 'image/webp', 'avif' => 'image/avif', 'svg' => 'image/svg+xml', 'ico' => 'image/x-icon',
    'woff' => 'font/woff', 'woff2' => 'font/woff2', 'ttf' => 'font/ttf', 'txt' => 'text/plain',
    'pdf' => 'application/pdf', 'mp4' => 'video/mp4', 'webm' => 'video/webm', 'mp3' => 'audio/mpeg',
];
require_once getenv('WP_TENANT_CONFIG');
$bbws_relative = substr($bbws_path, strlen('/wp-content/'));
$bbws_extension = strtolower(pathinfo($bbws_relative, PATHINFO_EXTENSION));
$bbws_file = WP_CONTENT_DIR . '/' . $bbws_relative;
if (!isset($bbws_types[$bbws_extension]) || !is_file($bbws_file) || !is_readable($bbws_file)) {
    http_response_code(404);
    header('Content-Type: text/plain; charset=utf-8');
    echo "Not found\n";
    exit;
}
header('Content-Type: ' . $bbws_types[$bbws_extension]);
header('Content-Length: ' . filesize($bbws_file));
header('Cache-Control: public, max-age=3600');
readfile($bbws_file);
