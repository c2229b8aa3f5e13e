/*
 * platform/windows/arpa/inet.h - addresses for the Windows build (the
 * server's loopback test and the client's address): Winsock's, which has
 * inet_pton, inet_ntop, htons and the sockaddr structures.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_ARPA_INET_H
#define KAIJI_PLATFORM_WINDOWS_ARPA_INET_H

#include <winsock2.h>
#include <ws2tcpip.h>

#endif
