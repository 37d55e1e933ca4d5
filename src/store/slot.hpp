#pragma once
// Redis Cluster's key -> hash slot function: CRC16 (XMODEM) of the key, or of its hash tag
// (the text between the first '{' and the next '}', when not empty), modulo 16,384.
#include <cstdint>
#include <string_view>

namespace wp::store {

inline constexpr std::uint16_t slot_count = 16384;

std::uint16_t crc16(std::string_view bytes);
std::uint16_t key_slot(std::string_view key);

}  // namespace wp::store
