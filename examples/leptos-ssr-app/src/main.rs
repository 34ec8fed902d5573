//! Serves the app: `leadform-example-ssr <listen address> <proxy address> <pkg directory>`,
//! e.g. `127.0.0.1:3000 http://127.0.0.1:8787 target/example-ssr/pkg`.

use std::path::PathBuf;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let proxy = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8787".to_owned());
    let pkg = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/example-ssr/pkg".to_owned()),
    );
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("the app is at http://{}", listener.local_addr()?);
    axum::serve(listener, leadform_example_ssr::server::router(proxy, pkg)).await
}
